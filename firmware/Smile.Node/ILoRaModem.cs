namespace Smile.Node
{
    /// <summary>A LoRaWAN modem on a UART that speaks AT commands (Wio-E5, RAK3172). Every call ends by its timeout.</summary>
    public interface ILoRaModem
    {
        /// <summary>
        /// Puts the node's OTAA identity into the modem (DevEUI, JoinEUI, AppKey, all hex, MSB first), so the keys
        /// provisioning wrote are the ones the network server expects; false when the modem refused a value or
        /// did not answer.
        /// </summary>
        bool Configure(string devEui, string joinEui, string appKey, int timeoutMs, ModemReply reply);

        /// <summary>OTAA join; the reply is Joined, JoinFailed, Busy, DutyCycle, Timeout or Error.</summary>
        void Join(int timeoutMs, ModemReply reply);

        /// <summary>Wakes the modem from its sleep, if it sleeps, before the first command of a wake; false when it did not answer.</summary>
        bool Wake(int timeoutMs);

        /// <summary>Puts the modem in its lowest sleep until the next wake talks to it; false when it did not confirm.</summary>
        bool Sleep(int timeoutMs);

        /// <summary>Unconfirmed uplink of data[offset..offset+length) on the port; Ok once the modem is done with it.</summary>
        void Send(int port, byte[] data, int offset, int length, int timeoutMs, ModemReply reply);
    }
}
