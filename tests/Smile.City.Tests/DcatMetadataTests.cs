using System;
using System.Linq;
using System.Text.Json.Nodes;
using Smile.Ingest.OpenData;
using Xunit;

namespace Smile.City.Tests
{
    /// <summary>
    /// The JSON-LD against DCAT-AP.de 2.0's required properties, as GovData's SHACL shapes check them
    /// (GovDataOfficial/DCAT-AP.de-SHACL-Validation, validator/resources/v2.0/shapes/dcat-ap-konventionen.ttl and
    /// dcat-ap-spec-german-additions.ttl; DCAT-AP 2.0 for dct:title, dct:description and dcat:accessURL).
    /// </summary>
    public sealed class DcatMetadataTests
    {
        private static readonly JsonArray Graph = Render();

        [Fact]
        public void The_dataset_has_every_required_property()
        {
            var dataset = Node("dcat:Dataset");
            foreach (string property in new[]
            {
                "dct:title", "dct:description", "dcatde:contributorID", "dct:publisher", "dcat:contactPoint", "dct:spatial", "dct:temporal",
                "dcatde:politicalGeocodingURI", "dcatde:politicalGeocodingLevelURI", "dcat:distribution", "dcat:theme", "dcat:keyword",
                "dct:identifier", "dct:issued", "dct:modified", "dcat:landingPage",
            })
            {
                Assert.True(dataset.ContainsKey(property), "dataset lacks " + property);
            }

            Assert.StartsWith("http://dcat-ap.de/def/contributors/", Iri(dataset["dcatde:contributorID"]));
            Assert.StartsWith("http://dcat-ap.de/def/politicalGeocoding/", Iri(dataset["dcatde:politicalGeocodingURI"]));
            Assert.StartsWith("http://dcat-ap.de/def/politicalGeocoding/Level/", Iri(dataset["dcatde:politicalGeocodingLevelURI"]));
            Assert.StartsWith("http://publications.europa.eu/resource/authority/data-theme/", Iri(dataset["dcat:theme"]));
            var contact = dataset["dcat:contactPoint"]!.AsObject();
            Assert.StartsWith("vcard:", (string)contact["@type"]!);
            Assert.StartsWith("mailto:", Iri(contact["vcard:hasEmail"]));
            var temporal = dataset["dct:temporal"]!.AsObject();
            Assert.Equal("dct:PeriodOfTime", (string)temporal["@type"]!);
            Assert.Equal("2026-11-29T00:00:00Z", (string)temporal["dcat:startDate"]!["@value"]!);
            Assert.Equal("2026-11-30T00:00:00Z", (string)temporal["dcat:endDate"]!["@value"]!);
            Assert.Equal("dct:Location", (string)dataset["dct:spatial"]!["@type"]!);
            var publisher = Graph.Select(n => n!.AsObject()).Single(n => (string?)n["@id"] == Iri(dataset["dct:publisher"]));
            Assert.Equal("foaf:Agent", (string)publisher["@type"]!);
        }

        [Fact]
        public void The_distribution_is_csv_under_dl_by_de_2_0_with_its_attribution()
        {
            var distribution = Node("dcat:Distribution");
            Assert.Equal(Iri(Node("dcat:Dataset")["dcat:distribution"]), (string)distribution["@id"]!);
            Assert.Equal("http://dcat-ap.de/def/licenses/dl-by-de/2.0", Iri(distribution["dct:license"]));
            Assert.Equal("http://publications.europa.eu/resource/authority/file-type/CSV", Iri(distribution["dct:format"]));
            Assert.Equal("https://opendata.example/smile/smile-hafen-2026-11-29-hourly.csv", Iri(distribution["dcat:accessURL"]));
            Assert.Equal(Iri(distribution["dcat:accessURL"]), Iri(distribution["dcat:downloadURL"]));
            Assert.False(string.IsNullOrWhiteSpace((string?)distribution["dcatde:licenseAttributionByText"]!["@value"]));
            Assert.True(distribution.ContainsKey("dct:title"));
        }

        [Fact]
        public void Settings_without_a_contributor_id_from_the_list_are_refused()
        {
            var settings = OpenDataSettingsExample.Rostock();
            settings.ContributorId = "https://example.org/us";
            Assert.Contains(settings.Problems(), p => p.StartsWith("ContributorId", StringComparison.Ordinal));
            Assert.Empty(OpenDataSettingsExample.Rostock().Problems());
        }

        private static JsonArray Render()
        {
            string json = DcatRenderer.Render(OpenDataSettingsExample.Rostock(), "hafen", new DateOnly(2026, 11, 29), "smile-hafen-2026-11-29-hourly.csv", 4242,
                new DateTimeOffset(2026, 11, 30, 1, 0, 0, TimeSpan.Zero));
            var document = JsonNode.Parse(json)!.AsObject();
            Assert.Equal("http://dcat-ap.de/def/dcatde/", (string)document["@context"]!["dcatde"]!);
            return document["@graph"]!.AsArray();
        }

        private static JsonObject Node(string type) => Graph.Select(n => n!.AsObject()).Single(n => (string?)n["@type"] == type);

        private static string Iri(JsonNode? node) => (string)node!["@id"]!;
    }
}
