namespace Smile.Node
{
    /// <summary>
    /// Seeed Wio-E5 / LoRa-E5 (RisingHF-style AT set, 9600 baud). Replies are "+CMD: text" lines ending with
    /// "+CMD: Done". Parsed tolerantly: both "Start" and "Starting", "Network joined" or "NetID" as success, and
    /// the older firmware's extra lines are ignored.
    /// </summary>
    public sealed class WioE5Modem : ILoRaModem
    {
        /// <summary>
        /// From "Start" (the uplink begins) to RX2's opening: the airtime, then RX2 two seconds after the uplink
        /// ("+DELAY: RX2,2000", the module's default; a LoRa-E5 MicroPython driver's comment, not the Seeed PDF). The
        /// ESP32 light-sleeps that long: nothing it needs can end sooner for an unconfirmed uplink without a downlink.
        /// </summary>
        public const int WindowsNapMs = 2000;

        /// <summary>
        /// After the nap, how long to wait for "Done": the rest of the airtime (1.5 s at SF12 for a 51-byte frame)
        /// and RX2's preamble search. A Done printed during the nap and lost by the sleeping UART costs this wait
        /// once; the frame counts as sent all the same (it was on air).
        /// </summary>
        public const int AfterNapMs = 2500;

        /// <summary>Waiting for an answer to AT or AT+LOWPOWER (immediate at 9600 baud on a healthy module).</summary>
        private const int ShortReplyMs = 500;

        private readonly ISerialLine _line;
        private readonly ILightSleep? _nap;

        /// <summary>A modem whose driver stays awake through the receive windows (tests of the AT grammar).</summary>
        public WioE5Modem(ISerialLine line)
            : this(line, null)
        {
        }

        /// <param name="line">the UART to the modem.</param>
        /// <param name="nap">light sleep through the receive windows; null: stay awake.</param>
        public WioE5Modem(ISerialLine line, ILightSleep? nap)
        {
            _line = line;
            _nap = nap;
        }

        /// <summary>
        /// A sleeping E5 answers the first line after AT+LOWPOWER with "+LOWPOWER: WAKEUP" and does not run it
        /// (devMobile, "Seeed LoRa-E5 Wakeup", firmware 4.0.11), so a bare AT goes first; an awake one answers
        /// "+AT: OK". Either answer, or none, is fine: the commands after it say whether the modem works.
        /// </summary>
        public bool Wake(int timeoutMs)
        {
            _line.WriteLine("AT");
            long deadline = AtText.Deadline(timeoutMs < ShortReplyMs ? timeoutMs : ShortReplyMs);
            while (true)
            {
                string? line = AtText.Next(_line, deadline);
                if (line == null || AtText.Has(line, "+AT") || AtText.Has(line, "+LOWPOWER"))
                {
                    return line != null;
                }
            }
        }

        /// <summary>
        /// AT+LOWPOWER: the module sleeps (microamps; the power budget assumes 2 µA, to be measured) until a character
        /// arrives on the UART. Without it
        /// the module idles awake between uplinks. False when it did not confirm with "+LOWPOWER: SLEEP".
        /// </summary>
        public bool Sleep(int timeoutMs)
        {
            _line.WriteLine("AT+LOWPOWER");
            long deadline = AtText.Deadline(timeoutMs < ShortReplyMs ? timeoutMs : ShortReplyMs);
            while (true)
            {
                string? line = AtText.Next(_line, deadline);
                if (line == null)
                {
                    return false;
                }

                if (AtText.Has(line, "+LOWPOWER"))
                {
                    return AtText.Has(line, "SLEEP");
                }
            }
        }

        public bool Configure(string devEui, string joinEui, string appKey, int timeoutMs, ModemReply reply)
        {
            reply.Reset();
            long deadline = AtText.Deadline(timeoutMs);
            return Set("AT+MODE=LWOTAA", "+MODE", deadline, reply)
                && Set("AT+ID=DevEui,\"" + devEui + "\"", "+ID", deadline, reply)
                && Set("AT+ID=AppEui,\"" + joinEui + "\"", "+ID", deadline, reply)
                && Set("AT+KEY=APPKEY,\"" + appKey + "\"", "+KEY", deadline, reply);
        }

        /// <summary>One setting: the modem echoes it as "+CMD: value", or "+CMD: ERROR(n)".</summary>
        private bool Set(string command, string echo, long deadline, ModemReply reply)
        {
            _line.WriteLine(command);
            while (true)
            {
                string? line = AtText.Next(_line, deadline);
                if (line == null)
                {
                    return false;
                }

                if (AtText.Has(line, echo))
                {
                    if (AtText.Has(line, "ERROR"))
                    {
                        reply.Set(ModemReply.Error, line);
                        return false;
                    }

                    return true;
                }
            }
        }

        public void Join(int timeoutMs, ModemReply reply)
        {
            reply.Reset();
            _line.WriteLine("AT+JOIN");
            bool joined = false;
            long deadline = AtText.Deadline(timeoutMs);
            while (true)
            {
                string? line = AtText.Next(_line, deadline);
                if (line == null)
                {
                    return;
                }

                if (!AtText.Has(line, "+JOIN"))
                {
                    continue;
                }

                if (AtText.Has(line, "Network joined") || AtText.Has(line, "NetID") || AtText.Has(line, "Joined already"))
                {
                    joined = true;
                    if (AtText.Has(line, "Joined already"))
                    {
                        reply.Set(ModemReply.Joined, line);
                        return;
                    }
                }
                else if (AtText.Has(line, "Join failed"))
                {
                    reply.Set(ModemReply.JoinFailed, line);
                }
                else if (AtText.Has(line, "busy"))
                {
                    reply.Set(ModemReply.Busy, line);
                    return;
                }
                else if (AtText.Has(line, "No band"))
                {
                    reply.Set(ModemReply.DutyCycle, line);
                    reply.SetWait(AtText.NumberAfter(line, "No band in", -1));
                    return;
                }
                else if (AtText.Has(line, "ERROR") || AtText.Has(line, "Not in OTAA"))
                {
                    reply.Set(ModemReply.Error, line);
                    return;
                }
                else if (AtText.Has(line, "Done"))
                {
                    reply.Set(joined ? ModemReply.Joined : ModemReply.JoinFailed, line);
                    return;
                }
            }
        }

        public void Send(int port, byte[] data, int offset, int length, int timeoutMs, ModemReply reply)
        {
            reply.Reset();
            long deadline = AtText.Deadline(timeoutMs);

            // Set skips lines a send the node stopped waiting for printed late (its Done, say) before the echo.
            if (!Set("AT+PORT=" + port.ToString(), "+PORT", deadline, reply))
            {
                return;
            }

            _line.WriteLine("AT+MSGHEX=\"" + AtText.Hex(data, offset, length) + "\"");
            reply.SetWritten();
            bool started = false;
            while (true)
            {
                string? line = AtText.Next(_line, deadline);
                if (line == null)
                {
                    return;
                }

                if (!AtText.Has(line, "+MSGHEX"))
                {
                    continue;
                }

                if (Received(line, reply))
                {
                    continue;
                }

                if (AtText.Has(line, "Length error"))
                {
                    reply.Set(ModemReply.LengthError, line);
                    reply.SetMaxPayload((int)AtText.NumberAfter(line, "Length error", -1));
                    return;
                }

                if (AtText.Has(line, "join network first"))
                {
                    reply.Set(ModemReply.NotJoined, line);
                    return;
                }

                if (AtText.Has(line, "No band"))
                {
                    reply.Set(ModemReply.DutyCycle, line);
                    reply.SetWait(AtText.NumberAfter(line, "No band in", -1));
                    return;
                }

                if (AtText.Has(line, "No free channel"))
                {
                    reply.Set(ModemReply.NoChannel, line);
                    reply.SetWait(AtText.NumberAfter(line, "channel in", -1));
                    return;
                }

                if (AtText.Has(line, "busy"))
                {
                    reply.Set(ModemReply.Busy, line);
                    return;
                }

                if (AtText.Has(line, "ERROR"))
                {
                    reply.Set(ModemReply.Error, line);
                    return;
                }

                if (AtText.Has(line, "Start"))
                {
                    started = true;
                    reply.SetOnAir();
                    if (_nap != null)
                    {
                        _nap.Nap(WindowsNapMs);
                        long afterNap = AtText.Deadline(AfterNapMs);
                        deadline = afterNap < deadline ? afterNap : deadline;
                    }
                }
                else if (AtText.Has(line, "Done"))
                {
                    // A Done before this send's Start is an earlier send's, printed after the node stopped waiting
                    // for it: skipped. Were it this send's with its Start lost, the wait ends at the deadline, unsure.
                    if (!started)
                    {
                        continue;
                    }

                    // Done without an RXWIN line: nothing came in the receive windows, which for an unconfirmed
                    // uplink is the usual case; it was sent all the same, the link quality stays unknown.
                    reply.Set(ModemReply.Ok, line);
                    return;
                }
            }
        }

        /// <summary>
        /// A line about a received downlink: "PORT: 2; RX: \"3E99\"" (hex in quotes, upper case on the E5, spaced
        /// on older RisingHF firmware) or "RXWIN1, RSSI -84, SNR 6.0", which the modem prints only when a frame
        /// came, just before Done (research behaviour-b §j: CampusIoT and disk91 transcripts). Either order is
        /// accepted, as firmware versions differ.
        /// </summary>
        private static bool Received(string line, ModemReply reply)
        {
            int rx = AtText.IndexOf(line, "RX:");
            if (rx >= 0 && AtText.Has(line, "PORT"))
            {
                int quote = line.IndexOf('"', rx);
                reply.SetDownlink((int)AtText.NumberAfter(line, "PORT", 0), line, quote >= 0 ? quote + 1 : rx + 3);
                return true;
            }

            if (AtText.Has(line, "RSSI"))
            {
                reply.SetSignal((int)AtText.NumberAfter(line, "RSSI", 0), AtText.NumberAfter(line, "SNR", 0));
                return true;
            }

            return false;
        }
    }
}
