using System;
using Smile.Frames;

namespace Smile.Node
{
    /// <summary>
    /// One wake of the node: take a sample, add it to the buffer, send when the send interval or a presence change
    /// says so (a status frame after boot and every few cycles), save, and say how long to sleep. Every network step
    /// runs within the wake budget: when it is spent the node keeps its samples and sleeps. Everything the cycle
    /// needs is allocated once, when the node starts.
    /// </summary>
    public sealed class NodeCycle
    {
        public const int FirmwareMajor = 1;
        public const int FirmwareMinor = 0;
        public const int FirmwarePatch = 0;

        private readonly NodeConfig _config;
        private readonly IClock _clock;
        private readonly IStorage _storage;
        private readonly IEnvironmentSensor _sensor;
        private readonly Occupancy _occupancy;
        private readonly IPresenceRadar? _radar;
        private readonly RadarReport _radarReport = new RadarReport();
        private readonly IUplinkTransport _transport;
        private readonly SampleBuffer _buffer;
        private readonly Sample[] _batch;
        private readonly byte[] _payload = new byte[256];
        private readonly Frame _frame = new Frame();
        private readonly Frame _statusFrame = new Frame();
        private readonly NodeStatus _status = new NodeStatus();
        private readonly PendingFrames _pending = new PendingFrames();
        private readonly Sample _statusFallback = new Sample();
        private readonly byte[] _ack = new byte[NodeAck.Length];
        private readonly FrameEncoder _encoder = new FrameEncoder();
        private readonly EncodeResult _result = new EncodeResult();
        private readonly NodeState _state = new NodeState();
        private readonly NodeStore _store;
        private bool _statusDue;
        private int _resetReason;
        private bool _radarRead;
        private bool _faultThisWake;

        /// <summary>
        /// How long a wake waits for the radar's next report: it sends one about every 100 ms, and the binding loses a
        /// report whose chunk starts with noise, so three intervals allow for two lost reports. Connecting costs more
        /// on top (Ld2410Radar.ConnectWorstMs when the radar is silent).
        /// </summary>
        public const int RadarWaitMs = 300;

        /// <param name="config">The node's configuration, as the validator accepted it.</param>
        /// <param name="clock">The node's clock (the RTC on the device).</param>
        /// <param name="storage">Where the sample buffer and the node's state survive deep sleep (flash on the device; one write a wake).</param>
        /// <param name="sensor">The environment sensor (BME280 or BME680).</param>
        /// <param name="occupancy">The PIR's occupancy with its hold time.</param>
        /// <param name="radar">null when the node has no radar.</param>
        /// <param name="transport">LoRaWAN through the modem, or MQTT over Wi-Fi.</param>
        public NodeCycle(NodeConfig config, IClock clock, IStorage storage, IEnvironmentSensor sensor, Occupancy occupancy, IPresenceRadar? radar, IUplinkTransport transport)
        {
            _config = config;
            _clock = clock;
            _storage = storage;
            _sensor = sensor;
            _occupancy = occupancy;
            _radar = radar;
            _transport = transport;
            _buffer = new SampleBuffer(config.BufferCapacity);
            _store = new NodeStore(config.BufferCapacity);
            _batch = new Sample[config.BufferCapacity];
            _statusFrame.Type = FrameFormat.TypeStatus;
            _statusFrame.Status = _status;
        }

        public SampleBuffer Buffer => _buffer;

        public NodeState State => _state;

        /// <summary>Frames sent and waiting for the gateway's acknowledgement (Wi-Fi).</summary>
        public PendingFrames Pending => _pending;

        /// <summary>Frames sent in the last wake (for tests and the log).</summary>
        public int FramesSent { get; private set; }

        /// <summary>
        /// The PIR woke the chip: ext0 was armed on the level other than the one last seen, so the edge is that
        /// level, whatever the pin reads now (a pulse shorter than the boot has ended already). A rising edge counts a
        /// motion (see <see cref="ObservePir"/>); true then.
        /// </summary>
        public static bool PirEdgeWake(IStorage storage, IClock clock, int cycleInSeconds)
        {
            return ObservePir(storage, clock, !NodeState.Load(storage).PirHigh, cycleInSeconds);
        }

        /// <summary>
        /// The PIR's output at a moment the node looks (an edge wake, or just before sleep: a motion may start while
        /// the node is awake). Low to high is a motion: counted, and the next cycle brought forward to cycleInSeconds
        /// from now to send the presence change, even if the motion ends first. Writes the state only when the level
        /// changed; true when a motion was counted.
        /// </summary>
        public static bool ObservePir(IStorage storage, IClock clock, bool high, int cycleInSeconds)
        {
            NodeState state = NodeState.Load(storage);
            if (state.PirHigh == high)
            {
                return false;
            }

            state.PirHigh = high;
            if (high)
            {
                state.LastMotionSeconds = clock.Seconds;
                if (state.PendingMotion < 255)
                {
                    state.PendingMotion++;
                }

                long due = RtcNow(clock) + cycleInSeconds;
                if (state.NextCycleSeconds == 0 || due < state.NextCycleSeconds)
                {
                    state.NextCycleSeconds = due;
                }
            }

            NodeStore.SaveState(storage, state);
            return high;
        }

        /// <summary>
        /// A wake that ended in an exception (a sensor, the radar, the modem, Wi-Fi, storage): counted, and reported as
        /// reset reason "exception" in the next status frame. Storage itself may be what failed: then nothing is kept.
        /// </summary>
        public static void RecordFailure(IStorage storage)
        {
            NodeState state = NodeState.Load(storage);
            if (state.Faults < 65535)
            {
                state.Faults++;
            }

            state.FailureToReport = true;
            NodeStore.SaveState(storage, state);
        }

        /// <summary>Seconds until the next regular cycle, for a wake in between (the PIR's); 1 when none is planned or it is due.</summary>
        public static int SecondsToNextCycle(IStorage storage, IClock clock)
        {
            long left = NodeState.Load(storage).NextCycleSeconds - RtcNow(clock);
            return left < 1 ? 1 : left > 86400 ? 86400 : (int)left;
        }

        /// <summary>The RTC's seconds as the next wake's clock will start from them (SNTP may have stepped it).</summary>
        private static long RtcNow(IClock clock) => clock.Synced ? clock.UnixSeconds : clock.Seconds;

        /// <summary>
        /// Runs one wake and returns the seconds to sleep. coldBoot: the node reset (power, watchdog, update) rather
        /// than woke from deep sleep, which starts a new boot count and sends a status frame.
        /// </summary>
        public int Run(bool coldBoot, int resetReason)
        {
            int lost = _store.Load(_storage, _state, _pending, _buffer);
            _state.DroppedSamples += lost;
            if (coldBoot)
            {
                _state.Boot = (_state.Boot + 1) & FrameFormat.MaxBoot;
                _state.Joined = false;
                _resetReason = resetReason;
                _statusDue = true;
            }

            _faultThisWake = false;
            if (_state.FailureToReport)
            {
                _resetReason = ResetReason.Exception;
                _statusDue |= !_state.FaultReported;
            }

            long now = _clock.Seconds;
            _occupancy.Restore(_state.LastMotionSeconds, _state.PendingMotion);
            bool presenceChanged = TakeSample(now);
            _state.LastMotionSeconds = _occupancy.LastMotionSeconds;
            _state.PendingMotion = 0;
            _state.Cycles++;
            _statusDue |= _state.Cycles % _config.StatusEveryCycles == 0;

            FramesSent = 0;
            bool due = now - _state.LastSendSeconds >= _config.SendIntervalSeconds || presenceChanged || _statusDue
                || _buffer.Count * 4 >= _buffer.Capacity * 3;
            if (due)
            {
                Send(now);
                _transport.Close();
            }

            if (!_faultThisWake && !_state.FailureToReport)
            {
                _state.FaultReported = false;
            }

            long awake = _clock.AwakeMs / 1000;
            int sleep = _config.SampleIntervalSeconds - awake < 1 ? 1 : (int)(_config.SampleIntervalSeconds - awake);
            _state.NextCycleSeconds = RtcNow(_clock) + sleep;
            _store.Save(_storage, _state, _pending, _buffer);
            return sleep;
        }

        private bool TakeSample(long now)
        {
            Sample sample;
            if (_buffer.Append(out sample))
            {
                _state.DroppedSamples++;
                _pending.OldestSampleDropped();
            }

            sample.Time = now;
            try
            {
                _sensor.Measure(sample);
            }
            catch (Exception e)
            {
                // A sensor that throws (an I2C error, a BME280 stuck in forced mode) costs its fields, not the wake.
                NoteFault("sensor", e);
            }

            // The radar sees people who sit still; the PIR's hold time covers the rest.
            try
            {
                _radarRead = _radar != null && _radar.Read(_radarReport, RadarWaitMs);
            }
            catch (Exception e)
            {
                _radarRead = false;
                NoteFault("radar", e);
            }

            bool present = _occupancy.Present(now) || (_radarRead && _radarReport.TargetState != RadarReport.NoTarget);
            sample.Set(Fields.Presence, present ? 1 : 0);
            sample.Set(Fields.MotionCount, _occupancy.TakeCount());
            bool changed = present != _state.LastPresence;
            _state.LastPresence = present;
            return changed;
        }

        /// <summary>A fault caught within the cycle: counted, and reported by a status frame in this wake.</summary>
        private void NoteFault(string part, Exception e)
        {
            Console.WriteLine("smile-node: " + part + ": " + e.Message);
            if (_state.Faults < 65535)
            {
                _state.Faults++;
            }

            _state.FailureToReport = true;
            _faultThisWake = true;
            _resetReason = ResetReason.Exception;

            // A fault that goes on wake after wake is said once at once, then with the regular status frames.
            _statusDue |= !_state.FaultReported;
        }

        private void Send(long now)
        {
            int budget = _config.WakeBudgetMs - (int)_clock.AwakeMs;
            if (budget <= 0 || !_transport.Open(_state, now, budget))
            {
                return;
            }

            now = FollowClockStep(now);

            if (_statusDue && SendStatus(now))
            {
                _statusDue = false;
            }

            ApplyAck(0);
            int offset = 0;
            if (!ResendPending(now, ref offset))
            {
                return;
            }

            while (offset < _buffer.Count && !_pending.Full)
            {
                int sent = SendFrame(now, offset, _buffer.Count - offset, _state.Sequence, _state.Boot, false);
                if (sent == SendResult.TooLong)
                {
                    continue;
                }

                if (sent != SendResult.Sent && sent != SendResult.Unsure)
                {
                    break;
                }

                // A frame that may have left spends its number, and stays pending with its samples: the gateway
                // de-duplicates by (node, boot, sequence) without comparing contents, so the number may go out again
                // only with exactly these samples (a copy it drops rightly), never with others (which it would drop
                // wrongly). Re-encoding them from the buffer costs no flash beyond the pending list's four bytes.
                _pending.Add(_state.Sequence, _state.Boot, _result.SamplesTaken);
                _state.Sequence = (_state.Sequence + 1) & FrameFormat.MaxSequence;
                _state.LastSendSeconds = now;
                if (sent == SendResult.Unsure)
                {
                    break;
                }

                FramesSent++;
                if (_transport.DeliveredOnSend)
                {
                    _pending.RemoveFirst();
                    _buffer.RemoveOldest(_result.SamplesTaken);
                }
                else
                {
                    offset += _result.SamplesTaken;
                }
            }

            // Wait for the acknowledgement of what was just sent, within the wake budget.
            long until = _clock.AwakeMs + AckWaitMs;
            while (!_transport.DeliveredOnSend && _pending.Count > 0)
            {
                long left = (until < _config.WakeBudgetMs ? until : _config.WakeBudgetMs) - _clock.AwakeMs;
                if (left <= 0 || !ApplyAck((int)left))
                {
                    return;
                }
            }
        }

        /// <summary>
        /// SNTP sets the RTC when Wi-Fi connects, so the clock may have stepped since the wake began: samples and state
        /// taken before carry the old time. They move by the step, so ages and Unix times both stay true; from then on
        /// the node's clock is Unix time and frames say so. A step under 2 s is drift, not worth a shift.
        /// </summary>
        private long FollowClockStep(long now)
        {
            if (!_clock.Synced)
            {
                return now;
            }

            long step = _clock.UnixSeconds - _clock.Seconds;
            if (step > -2 && step < 2)
            {
                return now;
            }

            _buffer.ShiftTimes(step);
            _state.LastSendSeconds += step;
            _state.LastMotionSeconds += step;
            return now + step;
        }

        /// <summary>How long a Wi-Fi node waits for the gateway's acknowledgement after sending.</summary>
        public const int AckWaitMs = 3000;

        /// <summary>
        /// Sends the pending frames again, oldest first, each under its own sequence number with exactly its own
        /// samples: Wi-Fi's until the gateway acknowledges them, LoRaWAN's whose send ended unsure until the modem
        /// says sent. False while one stays pending: newer samples wait behind it.
        /// </summary>
        private bool ResendPending(long now, ref int offset)
        {
            int i = 0;
            while (i < _pending.Count)
            {
                int samples = _pending.Samples(i);
                int sent = SendFrame(now, offset, samples, _pending.Sequence(i), _pending.Boot(i), true);
                if (sent == SendResult.TooLong && i == 0)
                {
                    // Its samples no longer go into one frame (their ages grew, the link's limit fell): the number
                    // stays spent and they go under new ones. Should the first copy have arrived, the gateway holds
                    // them twice; under the old number with other samples they would be lost.
                    _pending.RemoveFirst();
                    continue;
                }

                if (sent != SendResult.Sent)
                {
                    return false;
                }

                FramesSent++;
                if (_transport.DeliveredOnSend)
                {
                    _buffer.RemoveOldest(samples);
                    _pending.RemoveFirst();
                }
                else
                {
                    offset += samples;
                    i++;
                }
            }

            return true;
        }

        /// <summary>
        /// Encodes samples [first, first+count) of the buffer as one frame and sends it; the encoder may take fewer,
        /// except for a resend under a spent number: TooLong then, and nothing sent.
        /// </summary>
        private int SendFrame(long now, int first, int count, int sequence, int boot, bool resend)
        {
            int budget = _config.WakeBudgetMs - (int)_clock.AwakeMs;
            if (budget <= 0)
            {
                return SendResult.Later;
            }

            _buffer.CopyTo(_batch);
            _frame.Type = FrameFormat.TypeMeasurement;
            _frame.ClockSynced = _clock.Synced;
            _frame.Sequence = sequence;
            _frame.Boot = boot;
            _frame.TransmitTime = now;
            _frame.Samples = _batch;
            _frame.FirstSample = first;
            _frame.SampleCount = count;

            // The radar item describes the newest sample: it goes only into the frame that carries that sample. A
            // resend leaves it out: the report of this wake is not the one its first copy may have carried.
            _frame.Radar = !resend && _radarRead && first + count == _buffer.Count ? _radarReport : null;
            _encoder.Encode(_frame, _payload, 0, _transport.MaxPayload, _result);
            if (_frame.Radar != null && _result.Ok && first + _result.SamplesTaken != _buffer.Count)
            {
                _frame.Radar = null;
                _encoder.Encode(_frame, _payload, 0, _transport.MaxPayload, _result);
            }

            if (resend && (!_result.Ok || _result.SamplesTaken != count))
            {
                return SendResult.TooLong;
            }

            if (!_result.Ok)
            {
                if (first == 0 && _pending.Count == 0)
                {
                    // A sample the format cannot carry (a sensor fault the driver did not catch) is dropped and
                    // counted, so it cannot block every sample behind it.
                    _buffer.RemoveOldest(1);
                    _state.DroppedSamples++;
                    return SendResult.TooLong;
                }

                return SendResult.Later;
            }

            return _transport.Send(_payload, _result.Length, budget);
        }

        /// <summary>Forgets the samples of every frame, oldest first, that the next acknowledgement names; false when none came.</summary>
        private bool ApplyAck(int timeoutMs)
        {
            if (_transport.DeliveredOnSend || _pending.Count == 0 || !_transport.ReadAck(_ack, timeoutMs))
            {
                return false;
            }

            while (_pending.OldestAcknowledgedBy(_ack))
            {
                _buffer.RemoveOldest(_pending.Samples(0));
                _pending.RemoveFirst();
            }

            return true;
        }

        private bool SendStatus(long now)
        {
            _status.FirmwareMajor = FirmwareMajor;
            _status.FirmwareMinor = FirmwareMinor;
            _status.FirmwarePatch = FirmwarePatch;
            _status.ResetReason = _resetReason;
            _status.ConfigVersion = _config.ConfigVersion;
            _status.UptimeSeconds = now & 0xFFFFFFFF;
            _status.BufferedSamples = _buffer.Count;
            _status.DroppedSamples = _state.DroppedSamples > 65535 ? 65535 : _state.DroppedSamples;
            Sample newest = _buffer.Count > 0 ? _buffer[_buffer.Count - 1] : _statusFallback;
            _status.HasBattery = newest.Has(Fields.Battery);
            _status.BatteryRaw = _status.HasBattery ? newest.Get(Fields.Battery) : 0;
            _status.HasLink = _transport.HasLinkQuality;
            _status.RssiDbm = _transport.LastRssiDbm;
            _status.SnrQuarterDb = _transport.LastSnrQuarterDb;
            _statusFrame.Sequence = _state.Sequence;
            _statusFrame.Boot = _state.Boot;
            _encoder.Encode(_statusFrame, _payload, 0, _transport.MaxPayload, _result);
            int budget = _config.WakeBudgetMs - (int)_clock.AwakeMs;
            if (!_result.Ok || budget <= 0)
            {
                return false;
            }

            int sent = _transport.Send(_payload, _result.Length, budget);
            if (sent == SendResult.Later || sent == SendResult.TooLong)
            {
                return false;
            }

            // A status frame that may have left spends its number too. It is not sent again under it: the status
            // stays due, and the next one reports the node as it is then, under a number of its own.
            _state.Sequence = (_state.Sequence + 1) & FrameFormat.MaxSequence;
            if (sent == SendResult.Unsure)
            {
                return false;
            }

            _state.FaultReported = _state.FailureToReport;
            _state.FailureToReport = false;
            FramesSent++;
            return true;
        }
    }
}
