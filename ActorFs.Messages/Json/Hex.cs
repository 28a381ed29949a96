namespace ActorFs.Messages;

internal static class Hex
{
    internal static bool IsSha256(string value) => value.Length == 64 && value.All(char.IsAsciiHexDigit);
}
