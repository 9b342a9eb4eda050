using System;
using System.IO;
using System.Threading;

namespace Smile.Node.App
{
    /// <summary>
    /// I:\config.json, which nodectl flash deploys with nanoff --filedeployment over the nanoFramework debug link
    /// (the wire protocol owns UART0, so the app cannot serve a console there; research behaviour-b.md §c, §h).
    /// Read with the firmware's own reader and validator; every problem is logged, nothing throws.
    /// </summary>
    internal static class ConfigFile
    {
        private const int PollMs = 1000;

        /// <summary>
        /// The valid config at path, or null after logging why not. A wake reads config.json's text but parses it
        /// only when its binary copy (copyPath, NodeConfigImage) is missing, stale or damaged: then the copy is
        /// written anew, once per deployed config, not once per wake.
        /// </summary>
        public static NodeConfig? Load(string path, string copyPath)
        {
            string? text = ReadText(path, true);
            if (text == null)
            {
                return null;
            }

            uint source = NodeConfigImage.SourceChecksum(text);
            NodeConfig? copy = LoadCopy(copyPath, source);
            if (copy != null)
            {
                return copy;
            }

            NodeConfig? config = Parse(text);
            if (config != null)
            {
                SaveCopy(copyPath, config, source);
            }

            return config;
        }

        private static NodeConfig? LoadCopy(string copyPath, uint source)
        {
            try
            {
                if (!File.Exists(copyPath))
                {
                    return null;
                }

                byte[] image = File.ReadAllBytes(copyPath);
                var config = new NodeConfig();
                if (NodeConfigImage.Read(image, image.Length, source, config) && NodeConfigValidator.Validate(config).Length == 0)
                {
                    return config;
                }

                Console.WriteLine("smile-node: config: " + NodeConfigImage.FileName + " is damaged or not from this " + NodeConfigReader.FileName + "; reading " + NodeConfigReader.FileName);
            }
            catch (IOException e)
            {
                Console.WriteLine("smile-node: config: " + NodeConfigImage.FileName + ": " + e.Message + "; reading " + NodeConfigReader.FileName);
            }

            return null;
        }

        /// <summary>A copy that cannot be written costs the next wake a JSON parse, nothing more.</summary>
        private static void SaveCopy(string copyPath, NodeConfig config, uint source)
        {
            try
            {
                File.WriteAllBytes(copyPath, NodeConfigImage.Write(config, source));
            }
            catch (IOException e)
            {
                Console.WriteLine("smile-node: config: could not write " + NodeConfigImage.FileName + ": " + e.Message);
            }
        }

        /// <summary>
        /// Polls path until a valid config appears or seconds pass. nanoff writes the file while the app runs (the
        /// debugger's storage operation), so a read may see it half-written: a changed file is simply read again.
        /// </summary>
        public static NodeConfig? WaitFor(string path, int seconds)
        {
            Console.WriteLine("smile-node: waiting " + seconds.ToString() + " s for " + NodeConfigReader.FileName + " (nodectl flash deploys it over the debug link)");
            string? last = ReadText(path, false);
            for (int waited = 0; waited < seconds * 1000; waited += PollMs)
            {
                Thread.Sleep(PollMs);
                string? text = ReadText(path, false);
                if (text != null && text != last)
                {
                    last = text;
                    NodeConfig? config = Parse(text);
                    if (config != null)
                    {
                        return config;
                    }
                }
            }

            return null;
        }

        private static string? ReadText(string path, bool logMissing)
        {
            try
            {
                if (!File.Exists(path))
                {
                    if (logMissing)
                    {
                        Console.WriteLine("smile-node: no " + NodeConfigReader.FileName + ": provision the node (nodectl flash)");
                    }

                    return null;
                }

                // Checked before reading: a huge file would take the heap the node needs to run.
                long length = new FileInfo(path).Length;
                if (length > NodeConfigReader.MaxLength)
                {
                    Console.WriteLine("smile-node: config: " + NodeConfigReader.FileName + " has " + length.ToString() + " bytes; at most " + NodeConfigReader.MaxLength.ToString() + " are read");
                    return null;
                }

                return File.ReadAllText(path);
            }
            catch (IOException e)
            {
                Console.WriteLine("smile-node: config: " + e.Message);
                return null;
            }
        }

        private static NodeConfig? Parse(string text)
        {
            var config = new NodeConfig();
            string[] errors = NodeConfigReader.Read(text, config);
            if (errors.Length == 0)
            {
                errors = NodeConfigValidator.Validate(config);
            }

            for (int i = 0; i < errors.Length; i++)
            {
                Console.WriteLine("smile-node: config: " + errors[i]);
            }

            return errors.Length == 0 ? config : null;
        }
    }
}
