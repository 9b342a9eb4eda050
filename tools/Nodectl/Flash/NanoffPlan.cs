using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Smile.Nodectl.Flash
{
    /// <summary>The nanoff commands that put nanoFramework and the node app on a board (hardware/flashing.md).</summary>
    public static class NanoffPlan
    {
        public const string Install = "dotnet tool install -g nanoff   (then make sure ~/.dotnet/tools is on PATH)";

        /// <summary>nanoff's target name for a board of the config.</summary>
        public static string Target(string board) => board switch
        {
            "esp32-s3" => "ESP32_S3_OCTAL",
            "esp32-c3" => "ESP32_C3",
            _ => "ESP32_REV3",
        };

        public static List<string[]> Commands(string target, string port, string image) => new List<string[]>
        {
            new[] { "--target", target, "--serialport", port, "--update" },
            new[] { "--target", target, "--serialport", port, "--deploy", "--image", image },
        };

        /// <summary>Copies files onto the running node over its debug link (ConfigDeployment); the port is in the file.</summary>
        public static string[] FileDeployment(string deploymentFile) => new[] { "--filedeployment", deploymentFile };

        public static string Show(string[] arguments) => "nanoff " + string.Join(" ", arguments.Select(a => a.Contains(' ') ? "\"" + a + "\"" : a));

        /// <summary>nanoff on PATH, or null.</summary>
        public static string? Find()
        {
            foreach (string folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
            {
                string candidate = Path.Combine(folder, OperatingSystem.IsWindows() ? "nanoff.exe" : "nanoff");
                if (folder.Length > 0 && File.Exists(candidate))
                {
                    return candidate;
                }
            }

            return null;
        }
    }
}
