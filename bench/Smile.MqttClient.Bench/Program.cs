using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Threading.Tasks;
using Smile.Simulation.MqttClients;
using Smile.Simulation.Place;

namespace Smile.MqttClient.Bench
{
    /// <summary>
    /// smile-mqtt-client-bench [messages] [rounds] [strace-messages]: each round runs both clients on both workloads,
    /// the order of the clients alternating from round to round; then one strace run each. Results go to
    /// bench/results/mqtt-client/. "child ..." is the client process the orchestrator starts.
    /// </summary>
    public static class Program
    {
        public static async Task<int> Main(string[] args)
        {
            if (args.Length == 5 && args[0] == "child")
            {
                return await ClientRun.RunAsync(Enum.Parse<ClientKind>(args[1]), Enum.Parse<Workload>(args[2]),
                    int.Parse(args[3], CultureInfo.InvariantCulture), int.Parse(args[4], CultureInfo.InvariantCulture));
            }

            int messages = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200_000;
            int rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
            int straceMessages = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20_000;
            string folder = RepoPaths.Of("bench", "results", "mqtt-client");
            Directory.CreateDirectory(folder);

            var runs = new List<RunResult>();
            ClientKind[] kinds = { ClientKind.Smile, ClientKind.MqttNet };
            for (int round = 1; round <= rounds; round++)
            {
                foreach (Workload workload in Enum.GetValues<Workload>())
                {
                    for (int k = 0; k < kinds.Length; k++)
                    {
                        ClientKind kind = kinds[(k + round) % kinds.Length];
                        RunResult run = await Orchestrator.RunAsync(kind, workload, messages, round);
                        runs.Add(run);
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"round {round} {workload,-7} {kind,-7} {run.MessagesPerSecond,9:0} msg/s {run.ClientCpuMicrosPerMessage,6:0.0} µs/msg {run.AllocatedBytesPerMessage,6:0} B/msg  publisher {run.InstrumentCpuMicrosPerMessage:0.0} µs/msg  broker {run.BrokerCpuMicrosPerMessage:0.0} µs/msg  load {run.LoadBefore:0.0}-{run.LoadAfter:0.0}"));
                    }
                }
            }

            var syscalls = new List<SyscallCount>();
            if (straceMessages > 0)
            {
                foreach (Workload workload in Enum.GetValues<Workload>())
                {
                    foreach (ClientKind kind in kinds)
                    {
                        string summary = Path.Combine(Path.GetTempPath(), "strace-" + kind + "-" + workload + ".txt");
                        SyscallCount count = await Orchestrator.CountSyscallsAsync(kind, workload, straceMessages, summary);
                        syscalls.Add(count);
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"strace {workload,-7} {kind,-7} {count.CallsPerMessage:0.00} calls/msg ({count.Top})"));
                    }
                }
            }

            Report.Write(folder, runs, syscalls);
            Console.WriteLine("written to " + folder);
            return 0;
        }
    }
}
