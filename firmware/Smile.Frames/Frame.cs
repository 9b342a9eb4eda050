namespace Smile.Frames
{
    /// <summary>
    /// One v1 frame: the header and either samples (measurement), a node status, or the raw body of a frame type
    /// this decoder does not know. The encoder reads the same object, so a decoded frame re-encodes to its bytes.
    /// </summary>
    public sealed class Frame
    {
        /// <summary>0 measurement, 1 status; 2 and 3 are reserved for later types.</summary>
        public int Type { get; set; }

        /// <summary>Per-node frame counter, 0 to 4095, wrapping.</summary>
        public int Sequence { get; set; }

        /// <summary>Boot counter, 0 to 15, wrapping; changes when the node restarts without its saved state.</summary>
        public int Boot { get; set; }

        /// <summary>True when sample times are Unix seconds from a synced clock instead of ages.</summary>
        public bool ClockSynced { get; set; }

        /// <summary>
        /// Measurement frames: the samples, oldest first. The encoder reads <see cref="SampleCount"/> samples from
        /// <see cref="FirstSample"/> on and takes the longest run of them that fits the size it is given.
        /// </summary>
        public Sample[] Samples { get; set; } = new Sample[0];

        public int FirstSample { get; set; }

        public int SampleCount { get; set; }

        /// <summary>
        /// Encoding an unsynced frame: the node's clock at transmission, so ages are TransmitTime - Time.
        /// Synced frames and status frames: the Unix time of the frame's own time stamp.
        /// Decoding: 0 for unsynced frames; for synced status frames the node's clock.
        /// </summary>
        public long TransmitTime { get; set; }

        public NodeStatus? Status { get; set; }

        public RadarReport? Radar { get; set; }

        /// <summary>Extension items of unknown tags, in tag order.</summary>
        public FrameExtension[] UnknownExtensions { get; set; } = new FrameExtension[0];

        /// <summary>For a frame type this codec does not know: every byte after the header.</summary>
        public byte[]? UnknownBody { get; set; }

        /// <summary>For a frame type this codec does not know: the header's extension flag, kept for re-encoding.</summary>
        public bool UnknownBodyHasExtensions { get; set; }

        public bool HasExtensions => Radar != null || UnknownExtensions.Length > 0;
    }
}
