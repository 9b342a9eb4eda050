namespace Smile.Simulation.World
{
    /// <summary>A Smile Place is a public meeting place: a square or a park outdoors, or a heated room open to everyone.</summary>
    public enum PlaceKind
    {
        Outdoor,
        Indoor,
    }
}
