namespace Smile.Bench
{
    /// <summary>One run of one system under one load; CPU per message of the system under test, the platform broker and the instrument.</summary>
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
        double BenchProcessCpuMicrosecondsPerMessage,
        double PlatformBrokerCpuMicrosecondsPerMessage)
    {
        /// <summary>Cores the system under test kept busy on average: 1.0 is one core saturated (mosquitto has one thread).</summary>
        public double SystemCores => CpuMicrosecondsPerMessage * MessagesPerSecond / 1e6;

        /// <summary>
        /// Cores everything in the run kept busy (system, platform broker, bench process with generator and subscriber);
        /// near the machine's core count the machine, not one component, sets the figure.
        /// </summary>
        public double AllCores => (CpuMicrosecondsPerMessage + PlatformBrokerCpuMicrosecondsPerMessage + BenchProcessCpuMicrosecondsPerMessage) * MessagesPerSecond / 1e6;
    }
}
