using System;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Smile.Ingest.OpenData
{
    /// <summary>
    /// DCAT-AP.de 2.0 metadata of one day's CSV as JSON-LD: a dcat:Dataset, its dcat:Distribution and the publisher.
    /// CKAN's ckanext-dcat RDF harvester parses any RDF serialization rdflib reads, JSON-LD included, and maps
    /// dcat:Dataset/dcat:Distribution to datasets and resources (docs.ckan.org/projects/ckanext-dcat, "Harvester").
    ///
    /// The properties follow GovData's SHACL shapes for DCAT-AP.de 2.0 (github.com/GovDataOfficial/DCAT-AP.de-SHACL-Validation,
    /// validator/resources/v2.0/shapes/dcat-ap-konventionen.ttl and dcat-ap-spec-german-additions.ttl) and the
    /// Konventionenhandbuch (https://www.dcat-ap.de/def/dcatde/2.0/implRules/):
    /// mandatory by DCAT-AP 2.0: dct:title and dct:description of the dataset, dcat:accessURL of the distribution;
    /// K12/13: exactly one dcatde:contributorID from http://dcat-ap.de/def/contributors/; K36: dct:publisher, a foaf:Agent;
    /// K01: dcat:contactPoint, a vcard:Kind with vcard:hasEmail or vcard:hasURL; K31: dct:license from
    /// http://dcat-ap.de/def/licenses/ (here dl-by-de/2.0, with dcatde:licenseAttributionByText for the attribution it requires);
    /// K32: dct:format from the EU file-type vocabulary; recommended and set here: dcat:theme (EU data-theme), dcat:keyword,
    /// dcat:landingPage, dct:issued, dct:modified, dct:identifier, dct:spatial (a dct:Location), dct:temporal (a
    /// dct:PeriodOfTime), dcatde:politicalGeocodingURI and dcatde:politicalGeocodingLevelURI (IRIs), dct:title of the distribution.
    /// </summary>
    public static class DcatRenderer
    {
        public const string License = "http://dcat-ap.de/def/licenses/dl-by-de/2.0";

        public static string Render(OpenDataSettings settings, string site, DateOnly day, string csvFileName, long csvBytes, DateTimeOffset issued)
        {
            settings.Sites.TryGetValue(site, out var place);
            string placeTitle = place?.Title is { Length: > 0 } t ? t : "Smile Place " + site;
            string date = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            string datasetId = settings.BaseUrl + "dataset/" + Uri.EscapeDataString(site) + "/" + date;
            string download = settings.BaseUrl + Uri.EscapeDataString(csvFileName);
            var dayStart = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

            var dataset = new JsonObject
            {
                ["@id"] = datasetId,
                ["@type"] = "dcat:Dataset",
                ["dct:identifier"] = "smile-" + site + "-" + date,
                ["dct:title"] = Text(placeTitle + ": Umweltdaten und Nutzung, stündlich, " + date),
                ["dct:description"] = Text("Stündliche Aggregate (Anzahl, Minimum, Mittel, Maximum) der Sensoren am " + placeTitle
                    + " am " + date + " (UTC): Temperatur, Luftfeuchte, Luftdruck, CO2 und Feinstaub in SI-Einheiten; Belegung als Anteil der"
                    + " Präsenz-Messungen der Stunde, die Anwesenheit zeigten; Bewegungszählungen summiert. Keine personenbezogenen Daten,"
                    + " keine Werte einzelner Sensorknoten; als unplausibel markierte Messwerte sind nicht enthalten."),
                ["dcat:keyword"] = new JsonArray(Text("Smile City"), Text("Sensoren"), Text("Luftqualität"), Text("Temperatur"), Text("Belegung")),
                ["dcat:theme"] = Iri("http://publications.europa.eu/resource/authority/data-theme/ENVI"),
                ["dcatde:contributorID"] = Iri(settings.ContributorId),
                ["dcatde:politicalGeocodingURI"] = Iri(settings.PoliticalGeocodingUri),
                ["dcatde:politicalGeocodingLevelURI"] = Iri(settings.PoliticalGeocodingLevelUri),
                ["dct:publisher"] = Iri(settings.PublisherUri),
                ["dcat:contactPoint"] = new JsonObject
                {
                    ["@type"] = "vcard:Organization",
                    ["vcard:fn"] = settings.ContactName.Length > 0 ? settings.ContactName : settings.PublisherName,
                    ["vcard:hasEmail"] = Iri("mailto:" + settings.ContactEmail),
                },
                ["dct:spatial"] = new JsonObject
                {
                    ["@type"] = "dct:Location",
                    ["locn:geometry"] = new JsonObject
                    {
                        ["@value"] = FormattableString.Invariant($"{{\"type\":\"Point\",\"coordinates\":[{place?.Longitude ?? 0},{place?.Latitude ?? 0}]}}"),
                        ["@type"] = "https://www.iana.org/assignments/media-types/application/vnd.geo+json",
                    },
                },
                ["dct:temporal"] = new JsonObject
                {
                    ["@type"] = "dct:PeriodOfTime",
                    ["dcat:startDate"] = Typed(dayStart.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), "xsd:dateTime"),
                    ["dcat:endDate"] = Typed(dayStart.AddDays(1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), "xsd:dateTime"),
                },
                ["dct:accrualPeriodicity"] = Iri("http://publications.europa.eu/resource/authority/frequency/DAILY"),
                ["dct:language"] = Iri("http://publications.europa.eu/resource/authority/language/DEU"),
                ["dct:issued"] = Typed(issued.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), "xsd:dateTime"),
                ["dct:modified"] = Typed(issued.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), "xsd:dateTime"),
                ["dcat:distribution"] = Iri(datasetId + "/csv"),
            };
            if (settings.LandingPage.Length > 0)
            {
                dataset["dcat:landingPage"] = Iri(settings.LandingPage);
            }

            var distribution = new JsonObject
            {
                ["@id"] = datasetId + "/csv",
                ["@type"] = "dcat:Distribution",
                ["dct:title"] = Text(placeTitle + ", " + date + ", stündlich (CSV)"),
                ["dct:description"] = Text("CSV (RFC 4180, UTF-8), eine Zeile je Stunde; die Kopfzeile nennt die Einheit jeder Spalte."),
                ["dcat:accessURL"] = Iri(download),
                ["dcat:downloadURL"] = Iri(download),
                ["dct:format"] = Iri("http://publications.europa.eu/resource/authority/file-type/CSV"),
                ["dcat:mediaType"] = Iri("https://www.iana.org/assignments/media-types/text/csv"),
                ["dct:license"] = Iri(License),
                ["dcatde:licenseAttributionByText"] = Text(settings.LicenseAttribution),
                ["dcat:byteSize"] = Typed(csvBytes.ToString(CultureInfo.InvariantCulture), "xsd:decimal"),
                ["dct:issued"] = Typed(issued.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), "xsd:dateTime"),
            };

            var publisher = new JsonObject
            {
                ["@id"] = settings.PublisherUri,
                ["@type"] = "foaf:Agent",
                ["foaf:name"] = settings.PublisherName,
            };

            var document = new JsonObject
            {
                ["@context"] = new JsonObject
                {
                    ["dcat"] = "http://www.w3.org/ns/dcat#",
                    ["dct"] = "http://purl.org/dc/terms/",
                    ["dcatde"] = "http://dcat-ap.de/def/dcatde/",
                    ["foaf"] = "http://xmlns.com/foaf/0.1/",
                    ["vcard"] = "http://www.w3.org/2006/vcard/ns#",
                    ["locn"] = "http://www.w3.org/ns/locn#",
                    ["xsd"] = "http://www.w3.org/2001/XMLSchema#",
                },
                ["@graph"] = new JsonArray(dataset, distribution, publisher),
            };
            return document.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        }

        private static JsonObject Iri(string iri) => new JsonObject { ["@id"] = iri };

        private static JsonObject Text(string text) => new JsonObject { ["@value"] = text, ["@language"] = "de" };

        private static JsonObject Typed(string value, string type) => new JsonObject { ["@value"] = value, ["@type"] = type };
    }
}
