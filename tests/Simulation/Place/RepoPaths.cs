using System;
using System.IO;

namespace Smile.Simulation.Place
{
    /// <summary>Finds files of the repository from a test's output folder.</summary>
    public static class RepoPaths
    {
        public static string Root { get; } = FindRoot();

        public static string Of(params string[] parts) => Path.Combine(Root, Path.Combine(parts));

        private static string FindRoot()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "nf.proj")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException("no nf.proj above " + AppContext.BaseDirectory);
        }
    }
}
