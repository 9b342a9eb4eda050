using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using Smile.Nodectl.Provision;
using Spectre.Console;

namespace Smile.Nodectl
{
    /// <summary>
    /// nodectl provision: a CSV of nodes to their configs, broker logins and ACL, and LoRaWAN import files, with a
    /// per-row report. Exit 0 when every row went through, 1 when some rows were invalid (the valid ones are written),
    /// 2 when the sheet itself cannot be read or the broker settings cannot serve its Wi-Fi nodes (TLS without a CA).
    /// </summary>
    public static class ProvisionCommand
    {
        public static Command Create()
        {
            var sheet = new Argument<FileInfo>("nodes.csv") { Description = "columns id,site,transport,board and optionally " + string.Join(",", NodeSheet.Optional) };
            var output = new Option<DirectoryInfo>("--out", "-o") { Description = "where to write (configs, mosquitto, lorawan)", DefaultValueFactory = _ => new DirectoryInfo("provisioned") };
            var host = new Option<string>("--mqtt-host") { Description = "the Smile Place broker as Wi-Fi nodes reach it", DefaultValueFactory = _ => "" };
            var port = new Option<int>("--mqtt-port") { Description = "its port (8883: TLS)", DefaultValueFactory = _ => 8883 };
            var ca = new Option<FileInfo?>("--ca-file") { Description = "PEM of the CA that signed the broker's certificate" };
            var ssid = new Option<string>("--wifi-ssid") { Description = "the Smile Place Wi-Fi", DefaultValueFactory = _ => "" };
            var wifiPassword = new Option<string>("--wifi-password-env") { Description = "name of the environment variable holding the Wi-Fi password", DefaultValueFactory = _ => "SMILE_WIFI_PASSWORD" };
            var joinEui = new Option<string>("--join-eui") { Description = "JoinEUI (AppEUI) of the join server", DefaultValueFactory = _ => "0000000000000000" };
            var plan = new Option<string>("--frequency-plan") { Description = "The Things Stack frequency plan", DefaultValueFactory = _ => "EU_863_870_TTN" };
            var application = new Option<string>("--chirpstack-application") { Description = "ChirpStack application id for the import file", DefaultValueFactory = _ => "" };
            var profile = new Option<string>("--chirpstack-device-profile") { Description = "ChirpStack device profile id for the import file", DefaultValueFactory = _ => "" };
            var command = new Command("provision", "configs, broker logins and ACL, and LoRaWAN import files from a CSV of nodes")
            {
                sheet, output, host, port, ca, ssid, wifiPassword, joinEui, plan, application, profile,
            };
            command.SetAction(parse =>
            {
                var options = new ProvisionOptions
                {
                    MqttHost = parse.GetValue(host)!,
                    MqttPort = parse.GetValue(port),
                    CaCertificate = parse.GetValue(ca) is FileInfo file ? File.ReadAllText(file.FullName) : "",
                    WifiSsid = parse.GetValue(ssid)!,
                    WifiPassword = Environment.GetEnvironmentVariable(parse.GetValue(wifiPassword)!) ?? "",
                    JoinEui = parse.GetValue(joinEui)!,
                    FrequencyPlan = parse.GetValue(plan)!,
                    ChirpStackApplicationId = parse.GetValue(application)!,
                    ChirpStackDeviceProfileId = parse.GetValue(profile)!,
                };
                return Run(parse.GetValue(sheet)!, parse.GetValue(output)!, options);
            });
            return command;
        }

        public static int Run(FileInfo sheetFile, DirectoryInfo output, ProvisionOptions options)
        {
            NodeSheet sheet;
            try
            {
                sheet = NodeSheet.Read(sheetFile.FullName);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine("nodectl provision: " + e.Message);
                return 2;
            }

            if (sheet.Rows.Exists(r => r["transport"].Equals("wifi", StringComparison.OrdinalIgnoreCase)) && options.Problem() is string problem)
            {
                Console.Error.WriteLine("nodectl provision: " + problem);
                return 2;
            }

            var provisioner = new Provisioner(options, output.FullName);
            List<RowResult> results;
            if (!Console.IsOutputRedirected && sheet.Rows.Count >= 20)
            {
                results = new List<RowResult>();
                AnsiConsole.Progress().Start(context =>
                {
                    ProgressTask task = context.AddTask("provisioning " + sheet.Rows.Count + " nodes", maxValue: sheet.Rows.Count);
                    results = provisioner.Run(sheet, (done, _) => task.Value = done);
                });
            }
            else
            {
                results = provisioner.Run(sheet);
            }

            Report(results, output);
            return results.All(r => r.Ok) ? 0 : 1;
        }

        private static void Report(List<RowResult> results, DirectoryInfo output)
        {
            var table = new Table().Border(TableBorder.Rounded).AddColumns("row", "node", "transport", "result", "detail");
            foreach (RowResult r in results)
            {
                string colour = r.Result switch { "invalid" => "red", "created" => "green", "updated" => "yellow", _ => "grey" };
                table.AddRow(r.Line.ToString(), Markup.Escape(r.Node), Markup.Escape(r.Transport), "[" + colour + "]" + r.Result + "[/]", Markup.Escape(r.Detail));
            }

            AnsiConsole.Write(table);
            int invalid = results.Count(r => !r.Ok);
            Console.WriteLine(results.Count - invalid + " nodes provisioned (" + results.Count(r => r.Result == "created") + " created, "
                + results.Count(r => r.Result == "updated") + " updated, " + results.Count(r => r.Result == "unchanged") + " unchanged), "
                + invalid + " invalid rows; files in " + output.FullName);
        }
    }
}
