using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace Smile.Ingest.Messages
{
    /// <summary>What the parser made of one inbound message: a row to store, something to skip, or a rejection.</summary>
    public abstract record ParsedMessage(InboundMessage Source);

    public sealed record Reading(string Name, double? Value, bool? Present, string? Unit, bool Implausible);

    public sealed record LinkFacts(string Transport, string Source, int? RssiDbm, double? SnrDb, string? LorawanGateway, long? FCnt, int? FPort);

    public sealed record FrameFacts(int Seq, int Boot, int Sample, int Samples);

    public sealed record RadarFacts(string State, int MovingCm, int StationaryCm);

    public sealed record MeasurementMessage(
        InboundMessage Source, string MessageId, string Site, string NodeId, string GatewayId, DateTimeOffset ObservedAt,
        DateTimeOffset ReceivedAt, string ObservedTimeSource, IReadOnlyList<string> Quality, IReadOnlyList<Reading> Readings,
        LinkFacts Link, FrameFacts Frame, RadarFacts? Radar) : ParsedMessage(Source);

    public sealed record NodeStatusMessage(
        InboundMessage Source, string MessageId, string Site, string NodeId, string GatewayId, DateTimeOffset ReceivedAt,
        DateTimeOffset? NodeTime, string Firmware, string ResetReason, long ConfigVersion, long UptimeS, long BufferedSamples,
        long DroppedSamples, double? BatteryV, JsonObject Link, JsonObject Frame) : ParsedMessage(Source);

    public sealed record GatewayDeadLetterMessage(
        InboundMessage Source, string MessageId, string Site, string? NodeId, string GatewayId, DateTimeOffset ReceivedAt,
        string SourceName, string? SourceTopic, string Reason, int? Byte, string? Detail, byte[] Raw, int? RawLength,
        string? RawSha256, bool? RawTruncated) : ParsedMessage(Source);

    /// <summary>A message the ingest has no table for (the gateways' own status): acknowledged, not stored.</summary>
    public sealed record SkippedMessage(InboundMessage Source, string Schema) : ParsedMessage(Source);

    /// <summary>A message the ingest cannot use: it goes to ingest_dead_letter with the reason.</summary>
    public sealed record RejectedMessage(InboundMessage Source, string Reason, string? Detail, string? MessageId) : ParsedMessage(Source);
}
