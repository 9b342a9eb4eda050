using System.Collections.Generic;

namespace Smile.Ingest.OpenData
{
    /// <summary>
    /// Who publishes the Open Data and where it will be downloaded from: a JSON file per city
    /// (docs/opendata-example/opendata.json is Rostock's shape). The values go into the DCAT-AP.de metadata.
    /// </summary>
    public sealed class OpenDataSettings
    {
        public string PublisherName { get; set; } = "";

        public string PublisherUri { get; set; } = "";

        public string ContactName { get; set; } = "";

        /// <summary>An e-mail address; DCAT-AP.de convention 1 asks for vcard:hasEmail or vcard:hasURL.</summary>
        public string ContactEmail { get; set; } = "";

        /// <summary>The publisher's id from http://dcat-ap.de/def/contributors/ (convention 12/13, exactly one).</summary>
        public string ContributorId { get; set; } = "";

        /// <summary>E.g. http://dcat-ap.de/def/politicalGeocoding/municipalityKey/13003000 (Rostock).</summary>
        public string PoliticalGeocodingUri { get; set; } = "";

        /// <summary>E.g. http://dcat-ap.de/def/politicalGeocoding/Level/municipality.</summary>
        public string PoliticalGeocodingLevelUri { get; set; } = "";

        /// <summary>The attribution text dl-by-de/2.0 requires ("Namensnennung").</summary>
        public string LicenseAttribution { get; set; } = "";

        /// <summary>Where the files will be served; a dataset's IRI and download URL start with it. Ends with '/'.</summary>
        public string BaseUrl { get; set; } = "";

        public string LandingPage { get; set; } = "";

        public Dictionary<string, OpenDataSite> Sites { get; set; } = new Dictionary<string, OpenDataSite>();

        public IEnumerable<string> Problems()
        {
            foreach (var (key, value) in new[]
            {
                ("PublisherName", PublisherName), ("PublisherUri", PublisherUri), ("ContactEmail", ContactEmail), ("ContributorId", ContributorId),
                ("PoliticalGeocodingUri", PoliticalGeocodingUri), ("PoliticalGeocodingLevelUri", PoliticalGeocodingLevelUri),
                ("LicenseAttribution", LicenseAttribution), ("BaseUrl", BaseUrl),
            })
            {
                if (string.IsNullOrWhiteSpace(value))
                {
                    yield return key + " must be set";
                }
            }

            if (!ContributorId.StartsWith("http://dcat-ap.de/def/contributors/", System.StringComparison.Ordinal))
            {
                yield return "ContributorId must be an IRI from http://dcat-ap.de/def/contributors/";
            }

            if (!BaseUrl.EndsWith('/'))
            {
                yield return "BaseUrl must end with '/'";
            }
        }
    }

    public sealed class OpenDataSite
    {
        public string Title { get; set; } = "";

        public double Longitude { get; set; }

        public double Latitude { get; set; }
    }
}
