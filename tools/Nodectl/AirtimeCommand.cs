using System;
using System.CommandLine;
using System.Globalization;
using System.IO;

namespace Smile.Nodectl
{
    /// <summary>nodectl airtime: time on air of an uplink, the 1 % duty-cycle wait, and uplinks a day under 1 % and TTN fair use.</summary>
    public static class AirtimeCommand
    {
        public static Command Create()
        {
            var bytes = new Argument<int>("payload") { Description = "application payload in bytes" };
            var sf = new Option<int>("--sf") { Description = "spreading factor, 7 to 12", DefaultValueFactory = _ => 12 };
            var command = new Command("airtime", "LoRa time on air (EU868, 125 kHz) and daily uplink budgets") { bytes, sf };
            command.SetAction(parse => Run(parse.GetValue(bytes), parse.GetValue(sf), Console.Out, Console.Error));
            return command;
        }

        public static int Run(int payload, int sf, TextWriter output, TextWriter errors)
        {
            if (payload is < 0 or > 242 || sf is < 7 or > 12)
            {
                errors.WriteLine("nodectl airtime: payload must be 0 to 242 bytes and --sf 7 to 12");
                return 2;
            }

            double ms = Airtime.Milliseconds(payload + Airtime.LoRaWanOverheadBytes, sf);
            var c = CultureInfo.InvariantCulture;
            output.WriteLine("time on air: " + ms.ToString("0.0", c) + " ms (SF" + sf + ", " + (payload + Airtime.LoRaWanOverheadBytes) + " bytes PHY)");
            output.WriteLine("1 % duty cycle: wait " + (ms * 99 / 1000).ToString("0.0", c) + " s after it; at most " + Airtime.UplinksPerDay(ms, 864) + " uplinks a day");
            output.WriteLine("TTN fair use (30 s a day): at most " + Airtime.UplinksPerDay(ms, 30) + " uplinks a day");
            return 0;
        }
    }
}
