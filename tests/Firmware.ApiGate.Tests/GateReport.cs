using System.Collections.Generic;

namespace Smile.Firmware.ApiGate
{
    /// <summary>What the gate found, and which nanoFramework keys the checked files use (so a pass is never vacuous).</summary>
    public sealed class GateReport
    {
        public GateReport(IReadOnlyList<Violation> violations, IReadOnlyCollection<string> keysUsed)
        {
            Violations = violations;
            KeysUsed = keysUsed;
        }

        public IReadOnlyList<Violation> Violations { get; }

        public IReadOnlyCollection<string> KeysUsed { get; }
    }
}
