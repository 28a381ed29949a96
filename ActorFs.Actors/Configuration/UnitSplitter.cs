namespace ActorFs.Actors.Configuration;

/// <summary>Splits "10 ms" or "1.5GiB" into the number and the unit that follows it.</summary>
internal static class UnitSplitter
{
    public static (string Number, string Unit) Split(string text)
    {
        var end = text.Length;
        while (end > 0 && char.IsAsciiLetter(text[end - 1]))
        {
            end--;
        }

        return (text[..end].TrimEnd(), text[end..]);
    }
}
