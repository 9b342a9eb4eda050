namespace Smile.Ingest.Messages
{
    /// <summary>The reasons in ingest_dead_letter.reason; a field name follows after ':' where one is at fault.</summary>
    public static class RejectReason
    {
        public const string Oversize = "oversize";
        public const string MalformedJson = "malformed_json";
        public const string UnknownSchema = "unknown_schema";
        public const string MissingMessageId = "missing_message_id";
        public const string MissingField = "missing_field";
        public const string BadField = "bad_field";
        public const string NonFiniteNumber = "non_finite_number";
        public const string ValueOutOfRange = "value_out_of_range";
        public const string StoreFailed = "store_failed";
        public const string DuplicateIdDifferentContent = "duplicate_id_different_content";
    }
}
