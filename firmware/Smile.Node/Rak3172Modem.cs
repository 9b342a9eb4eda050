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

                string normalized = line.ToUpper();
                if (normalized.IndexOf("+EVT:JOINED") >= 0)
                {
                    reply.Set(ModemReply.Joined, line);
                    return;
                }

                if (normalized.IndexOf("+EVT:JOIN_FAILED") >= 0 || normalized.IndexOf("+EVT:JOIN FAILED") >= 0)
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

                string normalized = line.ToUpper();
                if (normalized.IndexOf("+EVT:RX_") >= 0)
                {
                    // +EVT:RX_1:-70:8:UNICAST:2:abcd — slot, RSSI, SNR, …
                    string[] parts = line.Split(new char[] { ':' });
                    if (parts.Length >= 4)
                    {
                        reply.SetSignal((int)AtText.NumberAfter(parts[2], "", 0), AtText.NumberAfter(parts[3], "", 0));
                    }
                }
                else if (normalized.IndexOf("+EVT:TX_DONE") >= 0 || normalized.IndexOf("+EVT:TX DONE") >= 0
                    || normalized.IndexOf("+EVT:SEND_CONFIRMED_OK") >= 0 || normalized.IndexOf("+EVT:SEND CONFIRMED OK") >= 0)
                {
                    reply.Set(ModemReply.Ok, line);
                    return;
                }
                else if (normalized.IndexOf("+EVT:SEND_CONFIRMED_FAILED") >= 0 || normalized.IndexOf("+EVT:SEND CONFIRMED FAILED") >= 0)
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

                string status = line.Trim().ToUpper();
                if (status == "OK")
                {
                    return true;
                }

                if (status == "AT_BUSY_ERROR")
                {
                    reply.Set(ModemReply.Busy, line);
                    return false;
                }

                if (status == "AT_NO_NETWORK_JOINED")
                {
                    reply.Set(ModemReply.NotJoined, line);
                    return false;
                }

                if (status.IndexOf("DUTYCYLE") >= 0 || status.IndexOf("DUTYCYCLE") >= 0)
                {
                    reply.Set(ModemReply.DutyCycle, line);
                    return false;
                }

                if (status == "AT_PARAM_ERROR" || status == "AT_TEST_PARAM_OVERFLOW")
                {
                    // RUI3 refuses a payload longer than the data rate allows with a parameter error.
                    reply.Set(ModemReply.LengthError, line);
                    return false;
                }

                if (status.StartsWith("AT_"))
                {
                    reply.Set(ModemReply.Error, line);
                    return false;
                }
            }
        }
    }
}
