using System;

namespace Smile.Node
{
    /// <summary>
    /// RAKwireless RAK3172 with RUI3 firmware (115200 baud): a command answers with a status line (OK, AT_BUSY_ERROR,
    /// AT_NO_NETWORK_JOINED, …), and the outcome comes later as a "+EVT:" line. Older builds wrote events with
    /// spaces instead of underscores ("+EVT:JOIN FAILED"), so both are accepted.
    /// </summary>
    public sealed class Rak3172Modem : ILoRaModem
    {
        /// <summary>The most AT+SEND carries: 500 hex digits (RUI3 AT Command Manual, AT+SEND).</summary>
        public const int MaxSendBytes = 250;

        /// <summary>How long to look for a downlink event printed just after the send's event (an estimate).</summary>
        private const int TrailingGraceMs = 50;

        /// <summary>
        /// From OK (sending started) to RX2's opening: the airtime, then RX2 two seconds after the uplink (AT+RX1DL
        /// 1 s by default, RX2 a second later: RUI3 AT Command Manual). The ESP32 light-sleeps that long.
        /// </summary>
        public const int WindowsNapMs = 2000;

        /// <summary>After the nap, how long to wait for the send's event (rest of the airtime, RX2's search).</summary>
        public const int AfterNapMs = 2500;

        private const int ShortReplyMs = 500;

        private readonly ISerialLine _line;
        private readonly ILightSleep? _nap;
        private readonly ModemReply _wakeReply = new ModemReply();

        /// <summary>A modem whose driver stays awake through the receive windows (tests of the AT grammar).</summary>
        public Rak3172Modem(ISerialLine line)
            : this(line, null)
        {
        }

        /// <param name="line">the UART to the modem.</param>
        /// <param name="nap">light sleep through the receive windows; null: stay awake.</param>
        public Rak3172Modem(ISerialLine line, ILightSleep? nap)
        {
            _line = line;
            _nap = nap;
        }

        /// <summary>RUI3 in its low-power mode wakes on UART input; a bare AT, answered OK, goes first in case the wake eats it.</summary>
        public bool Wake(int timeoutMs)
        {
            _line.WriteLine("AT");
            long deadline = AtText.Deadline(timeoutMs < ShortReplyMs ? timeoutMs : ShortReplyMs);
            return Accepted(deadline, _wakeReply);
        }

        /// <summary>
        /// Nothing to send: AT+LPM=1, set with the identity, lets RUI3 sleep by itself whenever it is idle, after its
        /// receive windows too. The syntax is not verified: RUI3's release notes (v4.0.0, "Fixed LPM function") name
        /// the function, the manual page read here did not show the command; first-board checklist §6. The power budget
        /// assumes 2 µA asleep, to be measured.
        /// </summary>
        public bool Sleep(int timeoutMs) => true;

        public bool Configure(string devEui, string joinEui, string appKey, int timeoutMs, ModemReply reply)
        {
            reply.Reset();
            long deadline = AtText.Deadline(timeoutMs);
            return Set("AT+NJM=1", deadline, reply)
                && Set("AT+LPM=1", deadline, reply)
                && Set("AT+DEVEUI=" + devEui, deadline, reply)
                && Set("AT+APPEUI=" + joinEui, deadline, reply)
                && Set("AT+APPKEY=" + appKey, deadline, reply);
        }

        /// <summary>One setting: "OK", or a status line such as AT_PARAM_ERROR.</summary>
        private bool Set(string command, long deadline, ModemReply reply)
        {
            _line.WriteLine(command);
            return Accepted(deadline, reply);
        }

        public void Join(int timeoutMs, ModemReply reply)
        {
            reply.Reset();
            long deadline = AtText.Deadline(timeoutMs);

            // One attempt (the node does its own back-off), no auto-join at power-up.
            _line.WriteLine("AT+JOIN=1:0:8:1");
            if (!Accepted(deadline, reply))
            {
                return;
            }

            while (true)
            {
                string? line = AtText.Next(_line, deadline);
                if (line == null)
                {
                    return;
                }

                if (AtText.Has(line, "+EVT:JOINED"))
                {
                    reply.Set(ModemReply.Joined, line);
                    return;
                }

                if (AtText.Has(line, "+EVT:JOIN_FAILED") || AtText.Has(line, "+EVT:JOIN FAILED"))
                {
                    reply.Set(ModemReply.JoinFailed, line);
                    return;
                }
            }
        }

        public void Send(int port, byte[] data, int offset, int length, int timeoutMs, ModemReply reply)
        {
            reply.Reset();

            // The modem's own limits (RUI3 AT Command Manual, AT+SEND): port 1 to 233, 2 to 500 hex digits. The
            // manual also says "1~256 hexadecimal numbers", which 500 digits cannot hold; the stricter 250 bytes
            // is used. Refused here so the command is never sent to be refused.
            if (port < 1 || port > 233)
            {
                reply.Set(ModemReply.Error, "port out of range");
                return;
            }

            if (length > MaxSendBytes)
            {
                reply.Set(ModemReply.LengthError, "payload too long");
                reply.SetMaxPayload(MaxSendBytes);
                return;
            }

            long deadline = AtText.Deadline(timeoutMs);
            string command = "AT+SEND=" + port.ToString() + ":" + AtText.Hex(data, offset, length);
            _line.WriteLine(command);
            reply.SetWritten();
            if (!Accepted(deadline, reply))
            {
                // AT_BUSY_ERROR: "the previous send is not complete (send waiting for duty cycle, rx window not
                // consumed)" (RUI3 AT Command Manual, AT+SEND) and the message was not queued. A send the node
                // stopped waiting for ends with its event; after that one more try, all within the same deadline.
                if (reply.Status != ModemReply.Busy || !Finished(deadline, reply))
                {
                    return;
                }

                reply.Set(ModemReply.Timeout, "");
                _line.WriteLine(command);
                if (!Accepted(deadline, reply))
                {
                    return;
                }
            }

            reply.SetOnAir();
            if (_nap != null)
            {
                _nap.Nap(WindowsNapMs);
                long afterNap = AtText.Deadline(AfterNapMs);
                deadline = afterNap < deadline ? afterNap : deadline;
            }

            // "OK means that the device has started to send" (same section): the outcome is the event after the
            // receive windows, RX1 one second after the uplink by default (AT+RX1DL), RX2 a second later.
            Finished(deadline, reply);
        }

        /// <summary>
        /// Reads events up to the one that ends a send (TX_DONE, SEND_CONFIRMED_OK or _FAILED), with a downlink's
        /// RX event before or after it; false when none came before the deadline.
        /// </summary>
        private bool Finished(long deadline, ModemReply reply)
        {
            while (true)
            {
                string? line = AtText.Next(_line, deadline);
                if (line == null)
                {
                    return false;
                }

                if (Received(line, reply))
                {
                    continue;
                }

                if (AtText.Has(line, "+EVT:TX_DONE") || AtText.Has(line, "+EVT:TX DONE")
                    || AtText.Has(line, "+EVT:SEND_CONFIRMED_OK") || AtText.Has(line, "+EVT:SEND CONFIRMED OK"))
                {
                    reply.Set(ModemReply.Ok, line);
                    TrailingDownlink(deadline, reply);
                    return true;
                }

                if (AtText.Has(line, "+EVT:SEND_CONFIRMED_FAILED") || AtText.Has(line, "+EVT:SEND CONFIRMED FAILED"))
                {
                    reply.Set(ModemReply.Error, line);
                    return true;
                }
            }
        }

        /// <summary>
        /// A RUI3 console prints the downlink's RX event after SEND_CONFIRMED_OK (research behaviour-b §j, a RUI3
        /// OTAA transcript); both come from the same end of the receive windows, back to back at 115200 baud, so a
        /// short look after the send's event catches it. The grace is an estimate, not from a manual.
        /// </summary>
        private void TrailingDownlink(long deadline, ModemReply reply)
        {
            long left = deadline - Environment.TickCount64;
            if (left > 0 && !reply.HasDownlink)
            {
                string? line = _line.ReadLine((int)(left < TrailingGraceMs ? left : TrailingGraceMs));
                if (line != null)
                {
                    Received(line, reply);
                }
            }
        }

        /// <summary>
        /// "+EVT:RX_1:-70:8:UNICAST:2:abcd": slot (1, 2, B, C), RSSI, SNR, cast, port, payload hex (lower case in
        /// stock firmware, upper case in some RUI3 examples: either is read).
        /// </summary>
        private static bool Received(string line, ModemReply reply)
        {
            int at = AtText.IndexOf(line, "+EVT:RX_");
            if (at < 0)
            {
                return false;
            }

            int rssi = Field(line, at, 2);
            int snr = Field(line, at, 3);
            int port = Field(line, at, 5);
            int payload = Field(line, at, 6);
            if (rssi > 0 && snr > 0)
            {
                reply.SetSignal((int)AtText.NumberAt(line, rssi, 0), AtText.NumberAt(line, snr, 0));
            }

            if (port > 0 && payload > 0)
            {
                reply.SetDownlink((int)AtText.NumberAt(line, port, 0), line, payload);
            }

            return true;
        }

        /// <summary>Index where the colon-separated field n (0 = "+EVT") of the event starts, or -1.</summary>
        private static int Field(string line, int start, int n)
        {
            int i = start;
            for (int field = 0; field < n; field++)
            {
                i = line.IndexOf(':', i) + 1;
                if (i == 0)
                {
                    return -1;
                }
            }

            return i;
        }

        /// <summary>Reads the command's status line; false (with the reply set) unless it is OK.</summary>
        private bool Accepted(long deadline, ModemReply reply)
        {
            while (true)
            {
                string? line = AtText.Next(_line, deadline);
                if (line == null)
                {
                    return false;
                }

                // An event of an earlier send can come before the status line; its downlink is kept.
                if (Received(line, reply))
                {
                    continue;
                }

                if (AtText.Is(line, "OK"))
                {
                    return true;
                }

                if (AtText.Is(line, "AT_BUSY_ERROR"))
                {
                    reply.Set(ModemReply.Busy, line);
                    return false;
                }

                if (AtText.Is(line, "AT_NO_NETWORK_JOINED"))
                {
                    reply.Set(ModemReply.NotJoined, line);
                    return false;
                }

                if (AtText.Has(line, "DUTYCYLE") || AtText.Has(line, "DUTYCYCLE"))
                {
                    reply.Set(ModemReply.DutyCycle, line);
                    return false;
                }

                if (AtText.Is(line, "AT_PARAM_ERROR") || AtText.Is(line, "AT_TEST_PARAM_OVERFLOW"))
                {
                    // RUI3 refuses a payload longer than the data rate allows with a parameter error.
                    reply.Set(ModemReply.LengthError, line);
                    return false;
                }

                if (AtText.IndexOf(line, "AT_") >= 0)
                {
                    reply.Set(ModemReply.Error, line);
                    return false;
                }
            }
        }
    }
}
