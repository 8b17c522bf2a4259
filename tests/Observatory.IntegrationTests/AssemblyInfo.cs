// Each test class runs whole processes (silos, gateways, a broker); running them one at a time
// keeps timings meaningful on a 2-core machine and failures attributable.
[assembly: CollectionBehavior(CollectionBehavior.CollectionPerAssembly)]
