using System.IO;
using System.Text.Json;
using Smile.Node;

namespace Smile.Nodectl.Flash
{
    /// <summary>
    /// The file nanoff --filedeployment reads to copy the node's config onto its internal flash over the
    /// nanoFramework debug link, where the app reads it as I:\config.json. Format: nanoFirmwareFlasher README "Deploy
    /// file to device storage" and nanoFirmwareFlasher.Library/FileDeployment/ (FileDeploymentConfiguration:
    /// SerialPort, Files of DestinationFilePath and SourceFilePath; research behaviour-b.md §h).
    /// </summary>
    public static class ConfigDeployment
    {
        /// <summary>The app's Program.StorageRoot ("I:\", the LittleFS partition) and the reader's file name.</summary>
        public const string DevicePath = "I:\\" + NodeConfigReader.FileName;

        private static readonly JsonSerializerOptions Indented = new JsonSerializerOptions { WriteIndented = true };

        /// <summary>The deployment document: the config file itself goes over, byte for byte as nodectl checked it.</summary>
        public static string Document(string port, string configPath) => JsonSerializer.Serialize(new
        {
            SerialPort = port,
            Files = new[] { new { DestinationFilePath = DevicePath, SourceFilePath = configPath } },
        }, Indented) + "\n";

        /// <summary>
        /// Writes the document to the temporary folder and returns its path. It holds paths only, no secret, and is
        /// kept so a printed nanoff command can be run by hand.
        /// </summary>
        public static string Write(string nodeId, string port, string configPath)
        {
            string path = Path.Combine(Path.GetTempPath(), "nodectl-" + nodeId + ".deploy.json");
            File.WriteAllText(path, Document(port, configPath));
            return path;
        }
    }
}
