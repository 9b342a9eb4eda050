using System;
using System.CommandLine;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Smile.Mqtt;

namespace Smile.Nodectl
{
    /// <summary>
    /// nodectl tail: subscribes to the normalized stream (by default smile/v1/# on the city platform's broker) and
    /// prints each message as one readable line, or as it came with --json. For integrators checking their feed.
    /// </summary>
    public static class TailCommand
    {
        public static Command Create()
        {
            var host = new Option<string>("--host") { Description = "the broker", DefaultValueFactory = _ => "127.0.0.1" };
            var port = new Option<int>("--port") { Description = "its port", DefaultValueFactory = _ => 1883 };
            var topic = new Option<string>("--topic", "-t") { Description = "topic filter", DefaultValueFactory = _ => "smile/v1/#" };
            var user = new Option<string?>("--username", "-u") { Description = "login" };
            var passwordEnv = new Option<string>("--password-env") { Description = "environment variable holding the password", DefaultValueFactory = _ => "SMILE_MQTT_PASSWORD" };
            var tls = new Option<bool>("--tls") { Description = "TLS, checking the broker's certificate" };
            var ca = new Option<FileInfo?>("--ca-file") { Description = "PEM of the CA that signs the broker's certificate (with --tls)" };
            var json = new Option<bool>("--json") { Description = "print each message's JSON as it came, one per line" };
            var count = new Option<int>("--count", "-n") { Description = "stop after this many messages (0: until Ctrl+C)", DefaultValueFactory = _ => 0 };
            var command = new Command("tail", "print the normalized stream as it arrives") { host, port, topic, user, passwordEnv, tls, ca, json, count };
            command.SetAction(async (parse, cancel) =>
            {
                var options = new MqttClientOptions
                {
                    Host = parse.GetValue(host)!,
                    Port = parse.GetValue(port),
                    ClientId = "nodectl-tail-" + Guid.NewGuid().ToString("N").Substring(0, 8),
                    CleanSession = true,
                    Username = parse.GetValue(user),
                    Password = Environment.GetEnvironmentVariable(parse.GetValue(passwordEnv)!),
                    Tls = parse.GetValue(tls) ? new MqttTlsOptions { CaFile = parse.GetValue(ca)?.FullName } : null,
                };
                return await RunAsync(options, parse.GetValue(topic)!, parse.GetValue(json), parse.GetValue(count), Console.Out, Console.Error, cancel);
            });
            return command;
        }

        public static async Task<int> RunAsync(MqttClientOptions options, string topic, bool json, int count, TextWriter output, TextWriter errors, CancellationToken cancel)
        {
            await using var client = new MqttClient(options);
            await client.SubscribeAsync(topic, QoS.AtLeastOnce, cancel);
            client.Start();
            if (!await client.WaitConnectedAsync(options.ConnectTimeout))
            {
                errors.WriteLine("nodectl tail: cannot connect to " + options.Host + ":" + options.Port + ": " + client.LastError);
                return 1;
            }

            errors.WriteLine("nodectl tail: " + topic + " on " + options.Host + ":" + options.Port + " (Ctrl+C stops)");
            int seen = 0;
            try
            {
                while (count == 0 || seen < count)
                {
                    MqttMessage message = await client.Messages.ReadAsync(cancel);
                    string payload = Encoding.UTF8.GetString(message.Payload);
                    output.WriteLine(json ? payload : StreamLine.Format(message.Topic, payload));
                    await client.AckAsync(message);
                    seen++;
                }
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C.
            }

            return 0;
        }
    }
}
