namespace Smile.Bench
{
    /// <summary>One run of one system under one load; CPU per message of the system under test and of the instrument.</summary>
    public sealed record RunResult(
        string System,
        string Scenario,
        int Round,
        int Published,
        int Acknowledged,
        int Arrived,
        int Lost,
        long Duplicates,
        double MessagesPerSecond,
        double P50Ms,
        double P99Ms,
        double MaxMs,
        long PeakRssBytes,
        double CpuSeconds,
        double BytesWrittenPerMessage,
        double CpuMicrosecondsPerMessage,
        double GeneratorCpuMicrosecondsPerMessage,
        double InstrumentCpuMicrosecondsPerMessage,
        double BenchProcessCpuMicrosecondsPerMessage);
}
