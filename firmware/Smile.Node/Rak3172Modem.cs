namespace Smile.Node
{
    /// <summary>
    /// RAKwireless RAK3172 with RUI3 firmware (115200 baud): a command answers with a status line (OK, AT_BUSY_ERROR,
    /// AT_NO_NETWORK_JOINED, …), and the outcome comes later as a "+EVT:" line. Older builds wrote events with
    /// spaces instead of underscores ("+EVT:JOIN FAILED"), so both are accepted.
    /// </summary>
    public sealed class Rak3172Modem : ILoRaModem
    {
        private readonly ISerialLine _line;

        public Rak3172Modem(ISerialLine line) => _line = line;

        public bool Configure(string devEui, string joinEui, string appKey, int timeoutMs, ModemReply reply)
        {
            reply.Reset();
            long deadline = AtText.Deadline(timeoutMs);
            return Set("AT+NJM=1", deadline, reply)
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
            long deadline = AtText.Deadline(timeoutMs);
            _line.WriteLine("AT+SEND=" + port.ToString() + ":" + AtText.Hex(data, offset, length));
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

                if (AtText.Has(line, "+EVT:RX_"))
                {
                    // +EVT:RX_1:-70:8:UNICAST:2:abcd — slot, RSSI, SNR, …
                    string[] parts = line.Split(new char[] { ':' });
                    if (parts.Length >= 4)
                    {
                        reply.SetSignal((int)AtText.NumberAfter(parts[2], "", 0), AtText.NumberAfter(parts[3], "", 0));
                    }
                }
                else if (AtText.Has(line, "+EVT:TX_DONE") || AtText.Has(line, "+EVT:TX DONE")
                    || AtText.Has(line, "+EVT:SEND_CONFIRMED_OK") || AtText.Has(line, "+EVT:SEND CONFIRMED OK"))
                {
                    reply.Set(ModemReply.Ok, line);
                    return;
                }
                else if (AtText.Has(line, "+EVT:SEND_CONFIRMED_FAILED") || AtText.Has(line, "+EVT:SEND CONFIRMED FAILED"))
                {
                    reply.Set(ModemReply.Error, line);
                    return;
                }
            }
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
