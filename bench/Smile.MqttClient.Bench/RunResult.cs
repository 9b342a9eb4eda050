using System.Text.Json.Serialization;

namespace Smile.MqttClient.Bench
{
    /// <summary>One client's run of one workload; the per-message figures are what the report compares.</summary>
    public sealed record RunResult(
        string Client,
        string Workload,
        int Round,
        int Messages,
        double Seconds,
        double ClientCpuSeconds,
        long AllocatedBytes,
        double InstrumentCpuSeconds,
        double BrokerCpuSeconds,
        double LoadBefore,
        double LoadAfter)
    {
        [JsonInclude]
        public double MessagesPerSecond => Messages / Seconds;

        [JsonInclude]
        public double ClientCpuMicrosPerMessage => ClientCpuSeconds * 1e6 / Messages;

        [JsonInclude]
        public double AllocatedBytesPerMessage => (double)AllocatedBytes / Messages;

        [JsonInclude]
        public double InstrumentCpuMicrosPerMessage => InstrumentCpuSeconds * 1e6 / Messages;

        [JsonInclude]
        public double BrokerCpuMicrosPerMessage => BrokerCpuSeconds * 1e6 / Messages;
    }

    /// <summary>System calls of one client's run under strace -c -f, per message, and the most frequent ones.</summary>
    public sealed record SyscallCount(string Client, string Workload, int Messages, long Calls, string Top)
    {
        [JsonInclude]
        public double CallsPerMessage => (double)Calls / Messages;
    }
}
