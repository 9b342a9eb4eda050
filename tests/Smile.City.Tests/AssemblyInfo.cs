using Xunit;

// The process tests start brokers, databases and several ingest processes each; run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
