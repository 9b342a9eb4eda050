using System;
using System.Collections.Generic;
using System.Threading;
using Smile.Simulation;

namespace System.IO.Ports
{
    public enum Parity
    {
        None = 0,
    }

    public enum StopBits
    {
        One = 1,
    }

    public enum SerialData
    {
        Chars = 1,
        WatchChar = 2,
    }

    public class SerialDataReceivedEventArgs : EventArgs
    {
        internal SerialDataReceivedEventArgs(SerialData eventType) => EventType = eventType;

        public SerialData EventType { get; }
    }

    public delegate void SerialDataReceivedEventHandler(object sender, SerialDataReceivedEventArgs e);

    /// <summary>
    /// nanoFramework's SerialPort over a simulated UART peer: a line device (modem, console) or a byte device (radar).
    /// ReadLine and Read time out after ReadTimeout like the device. From a byte device a receive thread takes each
    /// chunk into the input buffer and raises DataReceived once per chunk, as nanoFramework's UART task posts one event
    /// per UART_DATA event with the default ReceivedBytesThreshold of 1 (nf-interpreter targets/ESP32/_nanoCLR/
    /// System.IO.Ports/sys_io_ser_native_System_IO_Ports_SerialPort.cpp:120-250; System.IO.Ports SerialPort.cs:35).
    /// </summary>
    public sealed class SerialPort : IDisposable
    {
        private readonly string _portName;
        private ISimulatedUart? _peer;
        private ISimulatedByteUart? _bytePeer;
        private readonly Queue<byte> _input = new Queue<byte>();
        private Thread? _receiver;

        /// <summary>The native input buffer; a full buffer is flushed (UART_BUFFER_FULL in the native driver).</summary>
        private const int InputBufferSize = 2048;

        public SerialPort(string portName, int baudRate = 9600, Parity parity = Parity.None, int dataBits = 8, StopBits stopBits = StopBits.One)
        {
            _portName = portName;
            BaudRate = baudRate;
        }

        public int BaudRate { get; set; }

        public int ReadTimeout { get; set; } = -1;

        public string NewLine { get; set; } = "\n";

        public event SerialDataReceivedEventHandler? DataReceived;

        public int BytesToRead
        {
            get
            {
                lock (_input)
                {
                    return _input.Count;
                }
            }
        }

        public void Open()
        {
            // A UART whose pins are mapped opens whether or not anything answers on the wire: a dead or missing device
            // is silence, and every read waits out its timeout (nanoFramework throws only for unmapped pins).
            if (!SimulatedBoard.Uarts.TryGetValue(_portName, out _peer) && !SimulatedBoard.ByteUarts.TryGetValue(_portName, out _bytePeer))
            {
                _peer = new SilentUart();
            }

            ISimulatedByteUart? bytePeer = _bytePeer;
            if (bytePeer != null)
            {
                _receiver = new Thread(() => ReceiveChunks(bytePeer)) { IsBackground = true };
                _receiver.Start();
            }
        }

        private void ReceiveChunks(ISimulatedByteUart peer)
        {
            var chunk = new byte[InputBufferSize];
            while (_bytePeer == peer)
            {
                int n = peer.Send(chunk, 0, chunk.Length, 20);
                if (n == 0 || _bytePeer != peer)
                {
                    continue;
                }

                lock (_input)
                {
                    if (_input.Count + n > InputBufferSize)
                    {
                        _input.Clear();
                    }

                    for (int i = 0; i < n; i++)
                    {
                        _input.Enqueue(chunk[i]);
                    }

                    Monitor.PulseAll(_input);
                }

                DataReceived?.Invoke(this, new SerialDataReceivedEventArgs(SerialData.Chars));
            }
        }

        public void WriteLine(string text) => _peer!.Receive(text);

        public string ReadLine() => _peer!.Send(ReadTimeout) ?? throw new TimeoutException("no line within " + ReadTimeout + " ms");

        /// <summary>Takes what the input buffer holds, waiting up to ReadTimeout for the first byte; 0 when none came.</summary>
        public int Read(byte[] buffer, int offset, int count)
        {
            lock (_input)
            {
                if (_input.Count == 0 && _bytePeer != null)
                {
                    Monitor.Wait(_input, ReadTimeout);
                }

                int n = 0;
                while (n < count && _input.Count > 0)
                {
                    buffer[offset + n++] = _input.Dequeue();
                }

                return n;
            }
        }

        public void Write(byte[] buffer, int offset, int count) => _bytePeer!.Receive(buffer, offset, count);

        public bool IsOpen => _peer != null || _bytePeer != null;

        public void Close()
        {
            _peer = null;
            _bytePeer = null;
            if (_receiver != null && _receiver != Thread.CurrentThread)
            {
                _receiver.Join();
            }

            _receiver = null;
            lock (_input)
            {
                _input.Clear();
            }
        }

        public void Dispose() => Close();
    }

    /// <summary>Nothing on the wire: every read waits its whole timeout.</summary>
    internal sealed class SilentUart : ISimulatedUart
    {
        public void Receive(string line)
        {
        }

        public string? Send(int timeoutMs)
        {
            Thread.Sleep(timeoutMs < 0 ? 0 : timeoutMs);
            return null;
        }
    }
}
