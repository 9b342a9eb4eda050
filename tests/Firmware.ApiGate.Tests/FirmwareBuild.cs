using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Smile.Firmware.ApiGate
{
    /// <summary>
    /// Builds every .nfproj as the nanoFramework tooling would, one assembly per project, referenced projects first:
    /// a project sees a referenced project's public types, never its packages.
    /// </summary>
    public static class FirmwareBuild
    {
        public static IReadOnlyDictionary<string, CompileResult> CompileAll(FirmwareCompiler compiler, IReadOnlyList<FirmwareProject> projects)
        {
            var results = new Dictionary<string, CompileResult>(StringComparer.Ordinal);
            var pending = projects.ToList();
            while (pending.Count > 0)
            {
                FirmwareProject? next = pending.FirstOrDefault(p => p.References.All(results.ContainsKey));
                if (next == null)
                {
                    throw new InvalidOperationException("firmware projects reference each other in a cycle or reference a missing project: "
                        + string.Join(", ", pending.Select(p => p.Name)));
                }

                var sources = next.Sources.Select(p => (p, File.ReadAllText(p))).ToList();
                var referenced = next.References.Select(r => results[r].Image).Where(i => i != null).Cast<MetadataReference>();
                results[next.Path] = compiler.Compile(next.AssemblyName, sources, next.Packages, referenced);
                pending.Remove(next);
            }

            return results;
        }
    }
}
