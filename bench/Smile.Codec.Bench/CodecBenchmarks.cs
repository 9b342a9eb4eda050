using System;
using BenchmarkDotNet.Attributes;
using Smile.Frames;

namespace Smile.Codec.Bench
{
    /// <summary>Encode and decode of the standard reading and of a 10-sample batch, v1 frame against Cayenne LPP.</summary>
    [MemoryDiagnoser]
    public class CodecBenchmarks
    {
        private readonly FrameEncoder _encoder = new FrameEncoder();
        private readonly EncodeResult _result = new EncodeResult();
        private readonly byte[] _buffer = new byte[256];
        private Frame _single = null!;
        private Frame _batch = null!;
        private byte[] _singleBytes = null!;
        private byte[] _batchBytes = null!;
        private byte[] _lppSingle = null!;
        private byte[] _lppBatch = null!;
        private int _first;

        [GlobalSetup]
        public void Setup()
        {
            _single = Readings.Frame(1);
            _batch = Readings.Frame(10);
            _singleBytes = _encoder.EncodeToArray(_single, 256, _result)!;
            _batchBytes = _encoder.EncodeToArray(_batch, 256, _result)!;
            _lppSingle = Readings.Lpp(1);
            _lppBatch = Readings.Lpp(10);
            _first = Environment.TickCount & 0;
        }

        [Benchmark(Description = "v1 encode, standard")]
        public int EncodeStandard()
        {
            _encoder.Encode(_single, _buffer, 0, _buffer.Length, _result);
            return _result.Length;
        }

        [Benchmark(Description = "LPP encode, standard")]
        public int LppEncodeStandard() => Readings.LppInto(_buffer, 1, _first);

        [Benchmark(Description = "v1 decode, standard")]
        public int DecodeStandard() => FrameDecoder.Decode(_singleBytes).Frame!.SampleCount;

        [Benchmark(Description = "LPP decode, standard")]
        public int LppDecodeStandard() => CayenneLpp.Decode(_lppSingle, out _);

        [Benchmark(Description = "v1 encode, 10 samples")]
        public int EncodeBatch()
        {
            _encoder.Encode(_batch, _buffer, 0, _buffer.Length, _result);
            return _result.Length;
        }

        [Benchmark(Description = "LPP encode, 10 samples")]
        public int LppEncodeBatch() => Readings.LppInto(_buffer, 10, _first);

        [Benchmark(Description = "v1 decode, 10 samples")]
        public int DecodeBatch() => FrameDecoder.Decode(_batchBytes).Frame!.SampleCount;

        [Benchmark(Description = "LPP decode, 10 samples")]
        public int LppDecodeBatch() => CayenneLpp.Decode(_lppBatch, out _);
    }
}
