using System.Collections.Generic;
using System.Text.Json.Serialization;
using Smile.Gateway.Pipeline;

namespace Smile.Gateway
{
    /// <summary>
    /// Every type the gateway (de)serializes with System.Text.Json, generated at build time: the gateway is compiled
    /// ahead of time (packaging/deb/build.sh), where the serializer cannot reflect over a type at run time.
    /// </summary>
    [JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonSerializable(typeof(MessageMeta))]
    [JsonSerializable(typeof(Dictionary<string, string>))]
    [JsonSerializable(typeof(SortedDictionary<string, string>))]
    [JsonSerializable(typeof(Dictionary<string, Dictionary<string, long>>))]
    internal sealed partial class GatewayJson : JsonSerializerContext
    {
    }
}
