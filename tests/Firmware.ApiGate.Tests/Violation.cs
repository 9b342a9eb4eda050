namespace Smile.Firmware.ApiGate
{
    /// <summary>One use of something the stable nanoFramework line does not have, with where it is.</summary>
    public sealed class Violation
    {
        public Violation(string file, int line, string message)
        {
            File = file;
            Line = line;
            Message = message;
        }

        public string File { get; }

        public int Line { get; }

        public string Message { get; }

        public override string ToString() => File + ":" + Line + ": " + Message;
    }
}
