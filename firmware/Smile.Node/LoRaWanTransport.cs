using System;
using Smile.Frames;

namespace Smile.Node
{
    /// <summary>
    /// LoRaWAN through an AT modem: OTAA join with exponential back-off and full jitter plus a budget of joins per day
    /// (a node that cannot join must not drain its battery or the band trying), unconfirmed uplinks, and a lower
    /// payload limit after the modem reports a length error (the data rate dropped), so the cycle re-batches.
    /// </summary>
    public sealed class LoRaWanTransport : IUplinkTransport
    {
        public const long JoinBackoffBaseSeconds = 60;
        public const long JoinBackoffCapSeconds = 6 * 3600;
        private const int MinimumPayload = 11;

        private readonly ILoRaModem _modem;
        private readonly ModemReply _reply = new ModemReply();
        private readonly Random _random;
        private readonly NodeConfig _config;
        private NodeState? _state;
        private bool _wokeThisWake;
        private bool _modemAwake;

        /// <summary>Time for the modem to confirm it goes to sleep, and to answer the line that wakes it.</summary>
        public const int SleepTimeoutMs = 500;

        public const int WakeTimeoutMs = 500;

        public LoRaWanTransport(ILoRaModem modem, Random random, NodeConfig config)
        {
            _modem = modem;
            _random = random;
            _config = config;
            MaxPayload = FrameFormat.LoRaWanMinimumPayload;
            LastSnrQuarterDb = NodeStatus.NoSnr;
        }

        public int MaxPayload { get; private set; }

        public bool DeliveredOnSend => true;

        /// <summary>
        /// The modem keeps its LoRaWAN session through the node's sleep; if this wake woke it, it goes back to its
        /// lowest sleep, so between uplinks it draws microamps, not its idle milliamps.
        /// </summary>
        public void Close()
        {
            if (_modemAwake)
            {
                _modem.Sleep(SleepTimeoutMs);
            }

            _modemAwake = false;
            _wokeThisWake = false;
        }

        /// <summary>Unconfirmed uplinks get no acknowledgement.</summary>
        public bool ReadAck(byte[] ack, int timeoutMs) => false;

        public bool HasLinkQuality { get; private set; }

        public int LastRssiDbm { get; private set; }

        public int LastSnrQuarterDb { get; private set; }

        public bool Open(NodeState state, long nowSeconds, int timeoutMs)
        {
            _state = state;
            if (state.Joined)
            {
                WakeModem(timeoutMs);
                return true;
            }

            long day = nowSeconds / 86400;
            if (day != state.JoinDay)
            {
                state.JoinDay = day;
                state.JoinsToday = 0;
            }

            if (nowSeconds < state.NextJoinSeconds || state.JoinsToday >= _config.JoinsPerDay)
            {
                return false;
            }

            // The identity goes into the modem before every join: a replaced modem or a re-provisioned node joins
            // with the keys the network server has. A refusal counts as a failed attempt (back-off, budget).
            state.JoinsToday++;
            WakeModem(timeoutMs);
            timeoutMs -= WakeTimeoutMs;
            long deadline = AtText.Deadline(timeoutMs);
            if (timeoutMs > 0 && _modem.Configure(_config.DevEui, _config.JoinEui, _config.AppKey, timeoutMs, _reply))
            {
                int left = (int)(deadline - Environment.TickCount64);
                _modem.Join(left > 0 ? left : 0, _reply);
            }

            if (_reply.Status == ModemReply.Joined)
            {
                state.Joined = true;
                state.JoinAttempts = 0;
                return true;
            }

            state.JoinAttempts++;
            long wait = Jitter.Backoff(_random, state.JoinAttempts - 1, JoinBackoffBaseSeconds, JoinBackoffCapSeconds);
            if (_reply.Status == ModemReply.DutyCycle && _reply.WaitMs > wait * 1000)
            {
                wait = _reply.WaitMs / 1000 + 1;
            }

            state.NextJoinSeconds = nowSeconds + wait;
            return false;
        }

        /// <summary>
        /// Wakes the modem once per wake. One that does not answer (dead, unpowered) is not sent to sleep at the end
        /// either: that would cost another timeout for nothing.
        /// </summary>
        private void WakeModem(int timeoutMs)
        {
            if (!_wokeThisWake)
            {
                _wokeThisWake = true;
                _modemAwake = _modem.Wake(timeoutMs < WakeTimeoutMs ? timeoutMs : WakeTimeoutMs);
            }
        }

        public int Send(byte[] payload, int length, int timeoutMs)
        {
            _modem.Send(_config.LoRaPort, payload, 0, length, timeoutMs, _reply);
            if (_reply.HasSignal)
            {
                HasLinkQuality = true;
                LastRssiDbm = _reply.RssiDbm;
                LastSnrQuarterDb = (int)(_reply.SnrDb * 4);
            }

            // Once the modem started the uplink it is on air: done, or a wake budget that ran out in the receive
            // windows, is sent. Anything else after the start (a confirmed uplink the network did not acknowledge)
            // leaves open whether it arrived.
            if (_reply.OnAir)
            {
                return _reply.Status == ModemReply.Ok || _reply.Status == ModemReply.Timeout ? SendResult.Sent : SendResult.Unsure;
            }

            // The command went out and no refusal came back (the budget ended before Start, the answer was lost on
            // the UART): the modem may be transmitting. Only a definite refusal below frees the number.
            if (_reply.Written && _reply.Status == ModemReply.Timeout)
            {
                return SendResult.Unsure;
            }

            switch (_reply.Status)
            {
                case ModemReply.Ok:
                    return SendResult.Sent;
                case ModemReply.LengthError:
                    int lowered = _reply.MaxPayload > 0 && _reply.MaxPayload < length ? _reply.MaxPayload : length - 1;
                    MaxPayload = lowered < MinimumPayload ? MinimumPayload : lowered;
                    return length <= MinimumPayload ? SendResult.Later : SendResult.TooLong;
                case ModemReply.NotJoined:
                    if (_state != null)
                    {
                        _state.Joined = false;
                    }

                    return SendResult.Later;
                default:
                    return SendResult.Later;
            }
        }
    }
}
