namespace Smile.Ingest.Messages
{
    /// <summary>One message as the engine delivered it: its subject, its place in the stream, its raw bytes.</summary>
    public sealed record InboundMessage(string Subject, ulong StreamSeq, byte[] Payload);
}
