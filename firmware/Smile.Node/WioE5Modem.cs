namespace Smile.Node
{
    /// <summary>
    /// Seeed Wio-E5 / LoRa-E5 (RisingHF-style AT set, 9600 baud). Replies are "+CMD: text" lines ending with
    /// "+CMD: Done". Parsed tolerantly: both "Start" and "Starting", "Network joined" or "NetID" as success, and
    /// the older firmware's extra lines are ignored.
    /// </summary>
    public sealed class WioE5Modem : ILoRaModem
    {
        private readonly ISerialLine _line;

        public WioE5Modem(ISerialLine line) => _line = line;

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
            _line.WriteLine("AT+PORT=" + port.ToString());
            string? portReply = AtText.Next(_line, deadline);
            if (portReply == null || !AtText.Has(portReply, "+PORT"))
            {
                reply.Set(portReply == null ? ModemReply.Timeout : ModemReply.Error, portReply ?? "");
                return;
            }

            _line.WriteLine("AT+MSGHEX=\"" + AtText.Hex(data, offset, length) + "\"");
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

                if (AtText.Has(line, "RSSI"))
                {
                    reply.SetSignal((int)AtText.NumberAfter(line, "RSSI", 0), AtText.NumberAfter(line, "SNR", 0));
                }
                else if (AtText.Has(line, "Start"))
                {
                    started = true;
                }
                else if (AtText.Has(line, "Done"))
                {
                    reply.Set(started ? ModemReply.Ok : ModemReply.Error, line);
                    return;
                }
            }
        }
    }
}
