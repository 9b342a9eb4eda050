using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Smile.Simulation.MqttClients;
using Smile.Simulation.Place;

namespace Smile.MqttClient.Bench
{
    /// <summary>
    /// Runs each client in a child process against a fresh mosquitto (the shipped policy: the gateway's broker),
    /// feeding the receive workload from this process with the raw FramePublisher, whose CPU is measured apart.
    /// </summary>
    public static class Orchestrator
    {
        public static async Task<RunResult> RunAsync(ClientKind kind, Workload workload, int messages, int round)
        {
            using Mosquitto broker = Mosquitto.Start();
            List<PreparedPublish>? frames = workload == Workload.Receive ? StandardFrames.RoundRobin("bench-", ClientRun.Nodes, messages) : null;
            using Process child = await StartChildAsync(kind, workload, broker.Port, messages);
            await using FramePublisher? load = frames == null ? null : await FramePublisher.ConnectAsync(broker, "bench-load");

            double loadBefore = LoadAverage();
            double brokerBefore = ProcessStats.Read(broker.Pid).CpuSeconds;
            TimeSpan instrumentBefore = load?.CpuTime ?? TimeSpan.Zero;
            child.StandardInput.WriteLine("go");
            Task<string?> result = child.StandardOutput.ReadLineAsync();
            if (load != null)
            {
                await load.StreamAsync(frames!);
            }

            string[] figures = (await result ?? throw new InvalidOperationException("the client ended without a result: " + await child.StandardError.ReadToEndAsync())).Split(' ');
            double brokerCpu = ProcessStats.Read(broker.Pid).CpuSeconds - brokerBefore;
            double instrumentCpu = ((load?.CpuTime ?? TimeSpan.Zero) - instrumentBefore).TotalSeconds;
            await child.WaitForExitAsync();
            return new RunResult(kind.ToString(), workload.ToString(), round, messages,
                double.Parse(figures[1], CultureInfo.InvariantCulture), double.Parse(figures[2], CultureInfo.InvariantCulture),
                long.Parse(figures[3], CultureInfo.InvariantCulture), instrumentCpu, brokerCpu, loadBefore, LoadAverage());
        }

        /// <summary>The same run with strace -c -f attached to the child before it starts: its system calls.</summary>
        public static async Task<SyscallCount> CountSyscallsAsync(ClientKind kind, Workload workload, int messages, string summaryFile)
        {
            using Mosquitto broker = Mosquitto.Start();
            List<PreparedPublish>? frames = workload == Workload.Receive ? StandardFrames.RoundRobin("bench-", ClientRun.Nodes, messages) : null;
            using Process child = await StartChildAsync(kind, workload, broker.Port, messages);
            await using FramePublisher? load = frames == null ? null : await FramePublisher.ConnectAsync(broker, "bench-load");
            using Process strace = Process.Start(new ProcessStartInfo("strace")
            {
                ArgumentList = { "-c", "-f", "-q", "-o", summaryFile, "-p", child.Id.ToString(CultureInfo.InvariantCulture) },
                UseShellExecute = false,
            }) ?? throw new InvalidOperationException("strace did not start");
            await Task.Delay(2000); // strace attaches to every thread of the child
            child.StandardInput.WriteLine("go");
            Task<string?> result = child.StandardOutput.ReadLineAsync();
            if (load != null)
            {
                await load.StreamAsync(frames!);
            }

            await result;
            await child.WaitForExitAsync();
            await strace.WaitForExitAsync();
            string[] lines = File.ReadAllLines(summaryFile);
            long calls = long.Parse(Columns(lines.Last(l => l.TrimEnd().EndsWith(" total", StringComparison.Ordinal)))[3], CultureInfo.InvariantCulture);
            string top = string.Join(", ", lines.Where(l => l.Length > 0 && char.IsDigit(l.TrimStart()[0]) && !l.TrimEnd().EndsWith(" total", StringComparison.Ordinal))
                .Select(Columns).OrderByDescending(c => long.Parse(c[3], CultureInfo.InvariantCulture)).Take(4)
                .Select(c => c[^1] + " " + (long.Parse(c[3], CultureInfo.InvariantCulture) / (double)messages).ToString("0.00", CultureInfo.InvariantCulture)));
            return new SyscallCount(kind.ToString(), workload.ToString(), messages, calls, top);
        }

        private static async Task<Process> StartChildAsync(ClientKind kind, Workload workload, int port, int messages)
        {
            var child = Process.Start(new ProcessStartInfo(Environment.ProcessPath!)
            {
                ArgumentList = { "child", kind.ToString(), workload.ToString(), port.ToString(CultureInfo.InvariantCulture), messages.ToString(CultureInfo.InvariantCulture) },
                UseShellExecute = false,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            }) ?? throw new InvalidOperationException("the client process did not start");
            string? ready = await child.StandardOutput.ReadLineAsync();
            if (ready != "ready")
            {
                throw new InvalidOperationException("the client process did not get ready: " + ready + " " + await child.StandardError.ReadToEndAsync());
            }

            return child;
        }

        /// <summary>strace -c columns: % time, seconds, usecs/call, calls, [errors,] syscall.</summary>
        private static string[] Columns(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries);

        private static double LoadAverage() => double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);
    }
}
