namespace Talkie.Avatars.Photo;

/// <summary>How a portrait fills the presenter's place in the frame.</summary>
public enum PhotoFraming
{
    /// <summary>Cropped to head and shoulders, like the stock presenters (the photo is zoomed so its edges stay out of view).</summary>
    Head,

    /// <summary>The whole photo, as it is, fitted inside the presenter's place.</summary>
    Photo,
}

/// <summary>Helpers for <see cref="PhotoFraming"/>.</summary>
public static class PhotoFramings
{
    /// <summary>Parses a framing name (<c>head</c> or <c>photo</c>).</summary>
    /// <exception cref="InvalidInputException">The name is not a framing.</exception>
    public static PhotoFraming Parse(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        null or "" or "head" or "head-and-shoulders" => PhotoFraming.Head,
        "photo" or "portrait" or "as-is" => PhotoFraming.Photo,
        _ => throw new InvalidInputException($"unknown framing '{name}'; use head (head and shoulders) or photo (the whole photo as it is)"),
    };
}
