namespace Smile.Bench
{
    /// <summary>One run of one system under one load.</summary>
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
        double BytesWrittenPerMessage);
}
