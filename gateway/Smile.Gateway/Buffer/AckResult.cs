namespace Smile.Gateway.Buffer
{
    /// <summary>What the <see cref="Outbox"/> made of a row coming back.</summary>
    public enum AckResult
    {
        Accepted,

        /// <summary>Acknowledged before and not yet deleted: the second acknowledgement changes nothing.</summary>
        AlreadyAcknowledged,

        /// <summary>Never handed out, handed back already, or gone (deleted, evicted, expired, parked): changes nothing.</summary>
        NotInFlight,
    }
}
