using System;
using System.IO;
using Smile.Node;

namespace Smile.Nodectl.Flash
{
    /// <summary>
    /// A config file checked as the node will check it: the firmware's own reader (NodeConfigReader, the same source
    /// the node runs) and validator, so nodectl never deploys a file the node would refuse.
    /// </summary>
    public static class ConfigCheck
    {
        /// <summary>The config, or null after writing every problem to errors.</summary>
        public static NodeConfig? Load(FileInfo file, TextWriter errors)
        {
            string text;
            try
            {
                if (file.Length > NodeConfigReader.MaxLength)
                {
                    errors.WriteLine("nodectl flash: " + file.Name + " has " + file.Length + " bytes; the node reads at most " + NodeConfigReader.MaxLength);
                    return null;
                }

                text = File.ReadAllText(file.FullName);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                errors.WriteLine("nodectl flash: " + file.FullName + ": " + e.Message);
                return null;
            }

            var config = new NodeConfig();
            string[] problems = NodeConfigReader.Read(text, config);
            if (problems.Length == 0)
            {
                problems = NodeConfigValidator.Validate(config);
            }

            foreach (string problem in problems)
            {
                errors.WriteLine("nodectl flash: " + file.Name + ": " + problem);
            }

            return problems.Length == 0 ? config : null;
        }
    }
}
