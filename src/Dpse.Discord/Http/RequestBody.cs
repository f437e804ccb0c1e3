using Microsoft.AspNetCore.Http;

namespace Dpse.Discord.Http;

/// <summary>Reads the raw request body (signatures are over the exact bytes); answers 413 itself when the server's body limit is exceeded.</summary>
internal static class RequestBody
{
    public static async Task<byte[]?> ReadAsync(HttpContext http)
    {
        try
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
            return buffer.ToArray();
        }
        catch (BadHttpRequestException e)
        {
            http.Response.StatusCode = e.StatusCode;
            return null;
        }
    }
}
