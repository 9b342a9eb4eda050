using System;

namespace Smile.Ingest.OpenData
{
    /// <summary>One stored reading of a Smile Place, as the export reads it: no node, no message id.</summary>
    public sealed record StoredReading(DateTimeOffset ObservedAt, string Name, double? Value, bool? Present, string? Unit);
}
