namespace ActorFs.Actors.Configuration;

public enum HoconScalarKind
{
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "The spec names the type 'string'.")]
    String,
    Number,
    Boolean,
    Null,
}
