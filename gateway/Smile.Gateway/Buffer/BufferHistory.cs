using System;
using System.Globalization;
using System.IO;
using Microsoft.Extensions.Logging;

namespace Smile.Gateway.Buffer
{
    /// <summary>
    /// Notices a buffer that vanished: beside buffer.db the gateway keeps buffer.db.created (the time it first opened a
    /// buffer there). When that marker is present and the buffer is missing or empty, someone deleted or replaced it,
    /// or the SD card lost it: whatever it held is gone, and the log says so instead of starting silently afresh.
    /// </summary>
    internal static class BufferHistory
    {
        public static string MarkerOf(string buffer) => buffer + ".created";

        public static void WarnIfLost(string buffer, ILogger log)
        {
            string marker = MarkerOf(buffer);
            bool missing = !File.Exists(buffer);
            bool empty = !missing && new FileInfo(buffer).Length == 0;
            if (!missing && !empty)
            {
                return;
            }

            if (File.Exists(marker) || File.Exists(buffer + "-wal"))
            {
                string since = File.Exists(marker) ? File.ReadAllText(marker).Trim() : "an earlier start (its -wal file is still there)";
                log.LogWarning("the buffer {Path} is {State}, but this gateway has used one there since {Since}: messages it held, if any, are lost; "
                    + "starting with an empty buffer", buffer, missing ? "missing" : "empty", since);
            }
        }

        public static void Remember(string buffer, ILogger log)
        {
            string marker = MarkerOf(buffer);
            if (File.Exists(marker))
            {
                return;
            }

            try
            {
                File.WriteAllText(marker, DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) + "\n");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                log.LogWarning("could not write {Marker}: {Error}; a lost buffer will not be noticed", marker, e.Message);
            }
        }
    }
}
