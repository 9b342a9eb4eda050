using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace Smile.Gateway.Sinks.Formats
{
    /// <summary>
    /// An optional format for a city platform, made from one normalized measurement (smile.measurement.v1): the
    /// normalized stream stays the reference, each adapter is a thin mapping of it to a published format.
    /// </summary>
    public interface IPlatformFormat
    {
        IEnumerable<(string Topic, byte[] Payload)> From(JsonObject measurement);
    }
}
