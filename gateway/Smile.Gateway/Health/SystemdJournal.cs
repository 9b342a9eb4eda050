using System;

namespace Smile.Gateway.Health
{
    /// <summary>Whether the gateway's standard output goes to the systemd journal (as under its unit).</summary>
    public static class SystemdJournal
    {
        /// <summary>systemd sets JOURNAL_STREAM when stdout/stderr are connected to the journal.</summary>
        public static bool IsAttached => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("JOURNAL_STREAM"));

        /// <summary>An error line for standard error: with the journal's priority prefix &lt;3&gt; when the journal reads it.</summary>
        public static string Error(string line) => (IsAttached ? "<3>" : "") + line;
    }
}
