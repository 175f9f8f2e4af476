from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'search.html'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    parent_template = None
    pass
    parent_template = environment.get_template('base.html', 'search.html')
    for name, parent_block in parent_template.blocks.items():
        context.blocks.setdefault(name, []).append(parent_block)
    yield from parent_template.root_render_func(context)

def block_head(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_link = resolve('link')
    l_0_static = resolve('static')
    pass
    yield '<link rel="stylesheet" href="'
    yield escape(context.call((undefined(name='link') if l_0_link is missing else l_0_link), '/pagefind/pagefind-component-ui.css', _block_vars=_block_vars))
    yield '">\n<link rel="stylesheet" href="'
    yield escape(context.call((undefined(name='static') if l_0_static is missing else l_0_static), 'css/search.css', _block_vars=_block_vars))
    yield '">\n'

def block_content(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0__ = resolve('_')
    l_0_link = resolve('link')
    l_0_gettext = resolve('gettext')
    l_0_lang_url = resolve('lang_url')
    l_0_static = resolve('static')
    l_0__trans = missing
    pass
    yield '<header class="page-header">\n  <h1>'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Search', _block_vars=_block_vars))
    yield '</h1>\n  <p class="lead">'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Find a post by a word, a name or a figure, and narrow the results by tag or author.', _block_vars=_block_vars))
    yield '</p>\n</header>\n<div class="search" id="search" data-ui="'
    yield escape(context.call((undefined(name='link') if l_0_link is missing else l_0_link), '/pagefind/pagefind-component-ui.js', _block_vars=_block_vars))
    yield '" hidden>\n  <pagefind-config excerpt-length="24"></pagefind-config>\n  <pagefind-input placeholder="'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Search the posts', _block_vars=_block_vars))
    yield '"></pagefind-input>\n  <div class="search-body">\n    <details class="search-filters" id="search-filters">\n      <summary>'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Filter by tag or author', _block_vars=_block_vars))
    yield '</summary>\n      <pagefind-filter-pane open="tag" sort="alphabetical"></pagefind-filter-pane>\n    </details>\n    <div class="search-found">\n      <pagefind-summary></pagefind-summary>\n      <pagefind-results show-images>\n\n        <script type="text/pagefind-template">\n          <li class="search-result">\n            {{#if and(options.show_images, meta.image)}}<img class="search-result-image" src="{{ meta.image }}" alt="{{ meta.image_alt | default(\'\') }}">{{/if}}\n            <div class="search-result-text">\n              <h2 class="search-result-title"><a href="{{ meta.url | default(url) | safeUrl }}">{{ meta.title | default(\''
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Untitled', _block_vars=_block_vars))
    yield '\') }}</a></h2>\n              {{#if meta.date}}<p class="search-result-meta">{{#if meta.author}}{{ meta.author }} · {{/if}}{{ meta.date }}</p>{{/if}}\n              {{#if excerpt}}<p class="search-result-excerpt">{{+ excerpt +}}</p>{{/if}}\n            </div>\n          </li>\n        </script>\n      </pagefind-results>\n    </div>\n  </div>\n</div>\n<div class="search-offline" id="search-offline">\n  <p>'
    yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'Search runs in your browser from an index it loads over HTTP, so it works when the site is\n  served by a web server (or <code>sitegen serve</code>), with JavaScript on, but not from files\n  opened on disk.', _block_vars=_block_vars))
    yield '</p>\n  <p>'
    l_0__trans = context.call((undefined(name='link') if l_0_link is missing else l_0_link), context.call((undefined(name='lang_url') if l_0_lang_url is missing else l_0_lang_url), '/tags/', _block_vars=_block_vars), _block_vars=_block_vars)
    _block_vars['_trans'] = l_0__trans
    yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'You can browse the posts by <a href="%(tags)s">tag</a> or in the\n  <a href="%(archive)s">archive</a>.', tags=(undefined(name='_trans') if l_0__trans is missing else l_0__trans), archive=context.call((undefined(name='link') if l_0_link is missing else l_0_link), context.call((undefined(name='lang_url') if l_0_lang_url is missing else l_0_lang_url), '/archive/', _block_vars=_block_vars), _block_vars=_block_vars), _block_vars=_block_vars))
    yield '</p>\n</div>\n<script src="'
    yield escape(context.call((undefined(name='static') if l_0_static is missing else l_0_static), 'js/search.js', _block_vars=_block_vars))
    yield '"></script>\n'

blocks = {'head': block_head, 'content': block_content}
debug_info = '1=12&14=17&15=28&16=30&18=33&20=48&21=50&23=52&25=54&28=56&39=58&51=60&54=64&57=66'

# Generated by scripts/precompile_theme.py from themes/default/templates/search.html: do not edit.
