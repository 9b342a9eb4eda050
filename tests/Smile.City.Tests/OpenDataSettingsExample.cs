using System.Collections.Generic;
using Smile.Ingest.OpenData;

namespace Smile.City.Tests
{
    /// <summary>The settings the tests publish with: Rostock's shape (docs/opendata-example/opendata.json).</summary>
    internal static class OpenDataSettingsExample
    {
        public static OpenDataSettings Rostock() => new OpenDataSettings
        {
            PublisherName = "Hanse- und Universitätsstadt Rostock",
            PublisherUri = "https://rathaus.rostock.de/",
            ContactName = "Smile City Rostock",
            ContactEmail = "smile-city@rostock.example",
            ContributorId = "http://dcat-ap.de/def/contributors/smileCityRostockExample",
            PoliticalGeocodingUri = "http://dcat-ap.de/def/politicalGeocoding/municipalityKey/13003000",
            PoliticalGeocodingLevelUri = "http://dcat-ap.de/def/politicalGeocoding/Level/municipality",
            LicenseAttribution = "Hanse- und Universitätsstadt Rostock, Smile City",
            BaseUrl = "https://opendata.example/smile/",
            LandingPage = "https://www.opendata-hro.de/",
            Sites = new Dictionary<string, OpenDataSite> { ["hafen"] = new OpenDataSite { Title = "Smile Place Stadthafen", Longitude = 12.1393, Latitude = 54.0924 } },
        };
    }
}
