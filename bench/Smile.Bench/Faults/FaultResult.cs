namespace Smile.Bench.Faults
{
    /// <summary>One fault scenario against one system, as counts.</summary>
    public sealed record FaultResult(
        string Scenario,
        string System,
        int Sent,
        int Acknowledged,
        int Arrived,
        int Lost,
        long DuplicatesWithoutSharedId,
        long DroppedByPolicy,
        string Note);
}
