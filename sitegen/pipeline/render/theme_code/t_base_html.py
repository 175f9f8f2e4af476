from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'base.html'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_config = resolve('config')
    l_0_direction = resolve('direction')
    l_0_page = resolve('page')
    l_0_sitegen_version = resolve('sitegen_version')
    l_0_canonical = resolve('canonical')
    l_0_abs_url = resolve('abs_url')
    l_0_x_default = resolve('x_default')
    l_0_static = resolve('static')
    l_0_asset = resolve('asset')
    l_0__ = resolve('_')
    l_0_link = resolve('link')
    l_0_lang_url = resolve('lang_url')
    l_0_site = resolve('site')
    l_0_languages = resolve('languages')
    try:
        t_1 = environment.filters['replace']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'replace' found.")
    pass
    yield '<!DOCTYPE html>\n<html lang="'
    yield escape(environment.getattr((undefined(name='config') if l_0_config is missing else l_0_config), 'language'))
    yield '"'
    if (context.call((undefined(name='direction') if l_0_direction is missing else l_0_direction), environment.getattr((undefined(name='config') if l_0_config is missing else l_0_config), 'language')) == 'rtl'):
        pass
        yield ' dir="rtl"'
    yield '>\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>'
    yield from context.blocks['title'][0](context)
    yield '</title>\n<meta name="description" content="'
    yield escape(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'description'))
    yield '">\n<meta name="generator" content="sitegen '
    yield escape((undefined(name='sitegen_version') if l_0_sitegen_version is missing else l_0_sitegen_version))
    yield '">\n'
    if (environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'kind') != '404'):
        pass
        yield '<link rel="canonical" href="'
        yield escape((undefined(name='canonical') if l_0_canonical is missing else l_0_canonical))
        yield '">\n'
    else:
        pass
        yield '<meta name="robots" content="noindex">\n'
    if environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'alternates'):
        pass
        for (l_1_code, l_1_url) in environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'alternates'):
            _loop_vars = {}
            pass
            yield '<link rel="alternate" hreflang="'
            yield escape(l_1_code)
            yield '" href="'
            yield escape(context.call((undefined(name='abs_url') if l_0_abs_url is missing else l_0_abs_url), l_1_url, _loop_vars=_loop_vars))
            yield '">\n'
        l_1_code = l_1_url = missing
        yield '<link rel="alternate" hreflang="x-default" href="'
        yield escape(context.call((undefined(name='abs_url') if l_0_abs_url is missing else l_0_abs_url), (undefined(name='x_default') if l_0_x_default is missing else l_0_x_default)))
        yield '">\n'
    yield '<meta name="color-scheme" content="light dark">\n<meta property="og:site_name" content="'
    yield escape(environment.getattr((undefined(name='config') if l_0_config is missing else l_0_config), 'title'))
    yield '">\n<meta property="og:title" content="'
    yield escape(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'title'))
    yield '">\n<meta property="og:description" content="'
    yield escape(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'description'))
    yield '">\n<meta property="og:url" content="'
    yield escape((undefined(name='canonical') if l_0_canonical is missing else l_0_canonical))
    yield '">\n<meta property="og:locale" content="'
    yield escape(t_1(context.eval_ctx, environment.getattr((undefined(name='config') if l_0_config is missing else l_0_config), 'language'), '-', '_'))
    yield '">\n'
    def t_2(fiter):
        for (l_1_code, l_1_url) in fiter:
            if (l_1_code != environment.getattr((undefined(name='config') if l_0_config is missing else l_0_config), 'language')):
                yield (l_1_code, l_1_url)
    for (l_1_code, l_1_url) in t_2(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'alternates')):
        _loop_vars = {}
        pass
        yield '<meta property="og:locale:alternate" content="'
        yield escape(t_1(context.eval_ctx, l_1_code, '-', '_'))
        yield '">\n'
    l_1_code = l_1_url = missing
    yield from context.blocks['meta'][0](context)
    for (l_1_type, l_1_url, l_1_title) in environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'feeds'):
        _loop_vars = {}
        pass
        yield '<link rel="alternate" type="'
        yield escape(l_1_type)
        yield '" href="'
        yield escape(context.call((undefined(name='link') if l_0_link is missing else l_0_link), l_1_url, _loop_vars=_loop_vars))
        yield '" title="'
        yield escape(l_1_title)
        yield '">\n'
    l_1_type = l_1_url = l_1_title = missing
    yield '<link rel="icon" href="'
    yield escape(context.call((undefined(name='static') if l_0_static is missing else l_0_static), 'favicon.svg'))
    yield '" type="image/svg+xml">\n<link rel="stylesheet" href="'
    yield escape(context.call((undefined(name='asset') if l_0_asset is missing else l_0_asset), 'css/style.css'))
    yield '">\n'
    yield from context.blocks['head'][0](context)
    yield '</head>\n<body class="kind-'
    yield escape(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'kind'))
    yield '">\n<a class="skip-link" href="#main">'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Skip to content'))
    yield '</a>\n<header class="site-header">\n<div class="wrap">\n<a class="site-title" href="'
    yield escape(context.call((undefined(name='link') if l_0_link is missing else l_0_link), context.call((undefined(name='lang_url') if l_0_lang_url is missing else l_0_lang_url), '/')))
    yield '">'
    yield escape(environment.getattr((undefined(name='config') if l_0_config is missing else l_0_config), 'title'))
    yield '</a>\n<nav aria-label="'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Site'))
    yield '">\n<ul>\n<li><a href="'
    yield escape(context.call((undefined(name='link') if l_0_link is missing else l_0_link), context.call((undefined(name='lang_url') if l_0_lang_url is missing else l_0_lang_url), '/')))
    yield '"'
    if (environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'kind') == 'index'):
        pass
        yield ' aria-current="page"'
    yield '>'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Blog'))
    yield '</a></li>\n<li><a href="'
    yield escape(context.call((undefined(name='link') if l_0_link is missing else l_0_link), context.call((undefined(name='lang_url') if l_0_lang_url is missing else l_0_lang_url), '/tags/')))
    yield '"'
    if (environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'kind') in ('tags', 'tag')):
        pass
        yield ' aria-current="page"'
    yield '>'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Tags'))
    yield '</a></li>\n<li><a href="'
    yield escape(context.call((undefined(name='link') if l_0_link is missing else l_0_link), context.call((undefined(name='lang_url') if l_0_lang_url is missing else l_0_lang_url), '/authors/')))
    yield '"'
    if (environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'kind') in ('authors', 'author')):
        pass
        yield ' aria-current="page"'
    yield '>'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Authors'))
    yield '</a></li>\n<li><a href="'
    yield escape(context.call((undefined(name='link') if l_0_link is missing else l_0_link), context.call((undefined(name='lang_url') if l_0_lang_url is missing else l_0_lang_url), '/archive/')))
    yield '"'
    if (environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'kind') == 'archive'):
        pass
        yield ' aria-current="page"'
    yield '>'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Archive'))
    yield '</a></li>\n'
    if environment.getattr((undefined(name='config') if l_0_config is missing else l_0_config), 'search'):
        pass
        yield '<li><a href="'
        yield escape(context.call((undefined(name='link') if l_0_link is missing else l_0_link), context.call((undefined(name='lang_url') if l_0_lang_url is missing else l_0_lang_url), '/search/')))
        yield '"'
        if (environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'kind') == 'search'):
            pass
            yield ' aria-current="page"'
        yield '>'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Search'))
        yield '</a></li>\n'
    for l_1_item in environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'menu'):
        _loop_vars = {}
        pass
        yield '<li><a href="'
        yield escape((environment.getattr(l_1_item, 'url') if environment.getattr(l_1_item, 'external') else context.call((undefined(name='link') if l_0_link is missing else l_0_link), environment.getattr(l_1_item, 'url'), _loop_vars=_loop_vars)))
        yield '"'
        if (environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'url') == environment.getattr(l_1_item, 'url')):
            pass
            yield ' aria-current="page"'
        yield '>'
        yield escape(environment.getattr(l_1_item, 'name'))
        yield '</a></li>\n'
    l_1_item = missing
    yield '<li><a href="'
    yield escape(context.call((undefined(name='link') if l_0_link is missing else l_0_link), context.call((undefined(name='lang_url') if l_0_lang_url is missing else l_0_lang_url), '/feed.xml')))
    yield '">RSS</a></li>\n</ul>\n</nav>\n'
    if (undefined(name='languages') if l_0_languages is missing else l_0_languages):
        pass
        yield '<nav class="language-switcher" aria-label="'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Languages'))
        yield '">\n<ul>\n'
        for l_1_l in (undefined(name='languages') if l_0_languages is missing else l_0_languages):
            _loop_vars = {}
            pass
            yield '<li><a href="'
            yield escape(context.call((undefined(name='link') if l_0_link is missing else l_0_link), environment.getattr(l_1_l, 'url'), _loop_vars=_loop_vars))
            yield '" hreflang="'
            yield escape(environment.getattr(l_1_l, 'code'))
            yield '" lang="'
            yield escape(environment.getattr(l_1_l, 'code'))
            yield '"'
            if environment.getattr(l_1_l, 'current'):
                pass
                yield ' aria-current="page"'
            yield '>'
            yield escape(environment.getattr(l_1_l, 'name'))
            yield '</a></li>\n'
        l_1_l = missing
        yield '</ul>\n</nav>\n'
    yield '</div>\n</header>\n<main id="main" class="wrap">\n'
    yield from context.blocks['content'][0](context)
    yield '</main>\n<footer class="site-footer">\n<div class="wrap">\n<p>© '
    yield escape(environment.getattr((undefined(name='config') if l_0_config is missing else l_0_config), 'title'))
    if environment.getattr((undefined(name='config') if l_0_config is missing else l_0_config), 'description'):
        pass
        yield ' · '
        yield escape(environment.getattr((undefined(name='config') if l_0_config is missing else l_0_config), 'description'))
    yield '</p>\n<p>'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Subscribe:'))
    yield ' <a href="'
    yield escape(context.call((undefined(name='link') if l_0_link is missing else l_0_link), context.call((undefined(name='lang_url') if l_0_lang_url is missing else l_0_lang_url), '/feed.xml')))
    yield '">RSS</a> · <a href="'
    yield escape(context.call((undefined(name='link') if l_0_link is missing else l_0_link), context.call((undefined(name='lang_url') if l_0_lang_url is missing else l_0_lang_url), '/atom.xml')))
    yield '">Atom</a> · <a href="'
    yield escape(context.call((undefined(name='link') if l_0_link is missing else l_0_link), context.call((undefined(name='lang_url') if l_0_lang_url is missing else l_0_lang_url), '/feed.json')))
    yield '">JSON Feed</a> · '
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Built with sitegen'))
    yield '</p>\n</div>\n</footer>\n</body>\n</html>\n'

def block_title(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_page = resolve('page')
    l_0_config = resolve('config')
    pass
    if (((environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'kind') == 'index') and (environment.getattr(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'pager'), 'number') == 1)) or (environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'kind') == 'languages')):
        pass
        yield escape(environment.getattr((undefined(name='config') if l_0_config is missing else l_0_config), 'title'))
    else:
        pass
        yield escape(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'title'))
        yield ' · '
        yield escape(environment.getattr((undefined(name='config') if l_0_config is missing else l_0_config), 'title'))

def block_meta(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    pass
    yield '<meta property="og:type" content="website">\n<meta name="twitter:card" content="summary">\n'

def block_head(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    pass

def block_content(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    pass

blocks = {'title': block_title, 'meta': block_meta, 'head': block_head, 'content': block_content}
debug_info = '2=32&6=38&7=40&8=42&9=44&12=52&13=54&14=58&16=64&19=67&20=69&21=71&22=73&23=75&24=77&25=85&27=88&31=89&32=93&34=101&35=103&36=105&38=107&39=109&42=111&43=115&45=117&46=125&47=133&48=141&49=149&51=160&52=164&54=174&57=176&58=179&60=181&61=185&69=200&73=202&74=208&6=219&27=238&36=248&69=257'

# Generated by scripts/precompile_theme.py from themes/default/templates/base.html: do not edit.
