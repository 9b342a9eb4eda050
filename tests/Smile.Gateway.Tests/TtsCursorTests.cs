using System;
using System.IO;
using Microsoft.Extensions.Logging.Abstractions;
using Smile.Gateway.Configuration;
using Smile.Gateway.Sources;
using Xunit;

namespace Smile.Gateway.Tests
{
    /// <summary>The TTS cursor file (tts-cursor.json) is written at most once a FlushInterval of time that passed.</summary>
    public sealed class TtsCursorTests : IDisposable
    {
        private readonly string _folder = Directory.CreateTempSubdirectory("smile-cursor-").FullName;

        [Fact]
        public void A_wall_clock_step_back_does_not_hold_the_file_back()
        {
            var time = new SteppableTime();
            TtsCursor cursor = FlushedOnce(time);

            time.Step(-SteppableTime.YearMs); // the first time sync after a power cut
            time.Pass((long)TtsCursor.FlushInterval.TotalMilliseconds + 1_000);
            cursor.Advance("hafen-app", new DateTimeOffset(2026, 3, 1, 4, 5, 0, TimeSpan.Zero));
            cursor.Flush(force: false);

            Assert.Contains("2026-03-01T04:05:00", File.ReadAllText(Path.Combine(_folder, "tts-cursor.json")));
        }

        [Fact]
        public void Within_the_interval_only_a_forced_flush_writes()
        {
            var time = new SteppableTime();
            TtsCursor cursor = FlushedOnce(time);
            time.Pass(1_000);
            cursor.Advance("hafen-app", new DateTimeOffset(2026, 3, 1, 4, 5, 0, TimeSpan.Zero));

            cursor.Flush(force: false);
            Assert.DoesNotContain("04:05:00", File.ReadAllText(Path.Combine(_folder, "tts-cursor.json")));
            cursor.Flush(force: true);
            Assert.Contains("04:05:00", File.ReadAllText(Path.Combine(_folder, "tts-cursor.json")));
        }

        /// <summary>A cursor that has written its file once, for an uplink received at 04:00.</summary>
        private TtsCursor FlushedOnce(SteppableTime time)
        {
            var options = new GatewayOptions();
            options.Gateway.DataDirectory = _folder;
            var cursor = new TtsCursor(options, NullLogger<TtsCursor>.Instance, time);
            cursor.Advance("hafen-app", new DateTimeOffset(2026, 3, 1, 4, 0, 0, TimeSpan.Zero));
            cursor.Flush(force: false);
            return cursor;
        }

        public void Dispose() => Directory.Delete(_folder, recursive: true);
    }
}
