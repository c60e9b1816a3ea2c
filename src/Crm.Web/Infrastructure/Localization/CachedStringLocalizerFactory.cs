using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Infrastructure.Localization;

/// <summary>
/// Keeps each resource string found once per language, in front of <see cref="ResourceManagerStringLocalizerFactory"/>.
/// A page looks up a few hundred strings, and each lookup through <see cref="System.Resources.ResourceManager"/> takes
/// its lock: under twenty users at once that lock was where the threads queued (docs/performance.md). Resources do not
/// change while the app runs, so the cached string is the one the resource manager would return; strings it does not
/// find (a key shown as is) are not kept, so the cache never grows past the resource files.
/// </summary>
public sealed class CachedStringLocalizerFactory(ResourceManagerStringLocalizerFactory inner) : IStringLocalizerFactory
{
    private readonly ConcurrentDictionary<(Type, string), IStringLocalizer> _byType = new();
    private readonly ConcurrentDictionary<(string, string), IStringLocalizer> _byName = new();

    public IStringLocalizer Create(Type resourceSource) =>
        _byType.GetOrAdd((resourceSource, string.Empty), key => new Cached(inner.Create(key.Item1)));

    public IStringLocalizer Create(string baseName, string location) =>
        _byName.GetOrAdd((baseName, location), key => new Cached(inner.Create(key.Item1, key.Item2)));

    private sealed class Cached(IStringLocalizer inner) : IStringLocalizer
    {
        private readonly ConcurrentDictionary<(string Culture, string Name), LocalizedString> _found = new();

        public LocalizedString this[string name]
        {
            get
            {
                var key = (CultureInfo.CurrentUICulture.Name, name);
                if (_found.TryGetValue(key, out var cached))
                {
                    return cached;
                }

                var value = inner[name];
                if (!value.ResourceNotFound)
                {
                    _found.TryAdd(key, value);
                }

                return value;
            }
        }

        public LocalizedString this[string name, params object[] arguments]
        {
            get
            {
                var format = this[name];
                return new LocalizedString(name, string.Format(CultureInfo.CurrentCulture, format.Value, arguments), format.ResourceNotFound, format.SearchedLocation);
            }
        }

        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => inner.GetAllStrings(includeParentCultures);
    }
}
