using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json.Nodes;
using Smile.Simulation.Place;

namespace Smile.Frames.Tests
{
    /// <summary>tests/vectors/frames.json, the golden frames every implementation of the format is tested against.</summary>
    public static class Vectors
    {
        private static readonly Lazy<JsonArray> All = new Lazy<JsonArray>(() =>
            JsonNode.Parse(File.ReadAllText(RepoPaths.Of("tests", "vectors", "frames.json")))!.AsArray());

        public static JsonArray Items => All.Value;

        public static JsonObject Named(string name)
        {
            foreach (JsonNode? item in Items)
            {
                if ((string?)item!["name"] == name)
                {
                    return item.AsObject();
                }
            }

            throw new KeyNotFoundException(name);
        }

        public static IEnumerable<object[]> Names(bool valid)
        {
            foreach (JsonNode? item in Items)
            {
                if ((item!["error"] == null) == valid)
                {
                    yield return new object[] { (string)item["name"]! };
                }
            }
        }

        public static IEnumerable<object[]> ValidNames() => Names(true);

        public static IEnumerable<object[]> InvalidNames() => Names(false);

        public static byte[] Bytes(JsonObject vector) => Convert.FromHexString((string)vector["hex"]!);
    }
}
