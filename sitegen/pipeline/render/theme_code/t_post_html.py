from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'post.html'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    parent_template = None
    l_0_byline = l_0_tag_list = l_0_author_links = l_0_avatar = missing
    pass
    parent_template = environment.get_template('base.html', 'post.html')
    for name, parent_block in parent_template.blocks.items():
        context.blocks.setdefault(name, []).append(parent_block)
    included_template = environment.get_template('partials/macros.html', 'post.html').make_module(context.get_all(), True, {'author_links': l_0_author_links, 'avatar': l_0_avatar, 'byline': l_0_byline, 'tag_list': l_0_tag_list})
    l_0_byline = getattr(included_template, 'byline', missing)
    if l_0_byline is missing:
        l_0_byline = undefined(f"the template {included_template.__name__!r} (imported on line 2 in 'post.html') does not export the requested name 'byline'", name='byline')
    l_0_tag_list = getattr(included_template, 'tag_list', missing)
    if l_0_tag_list is missing:
        l_0_tag_list = undefined(f"the template {included_template.__name__!r} (imported on line 2 in 'post.html') does not export the requested name 'tag_list'", name='tag_list')
    l_0_author_links = getattr(included_template, 'author_links', missing)
    if l_0_author_links is missing:
        l_0_author_links = undefined(f"the template {included_template.__name__!r} (imported on line 2 in 'post.html') does not export the requested name 'author_links'", name='author_links')
    l_0_avatar = getattr(included_template, 'avatar', missing)
    if l_0_avatar is missing:
        l_0_avatar = undefined(f"the template {included_template.__name__!r} (imported on line 2 in 'post.html') does not export the requested name 'avatar'", name='avatar')
    context.vars.update({'byline': l_0_byline, 'tag_list': l_0_tag_list, 'author_links': l_0_author_links, 'avatar': l_0_avatar})
    context.exported_vars.difference_update(('byline', 'tag_list', 'author_links', 'avatar'))
    yield from parent_template.root_render_func(context)

def block_meta(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_post = resolve('post')
    l_0_social_image = resolve('social_image')
    l_0_abs_url = resolve('abs_url')
    l_0_json_ld = resolve('json_ld')
    l_0_card = missing
    try:
        t_1 = environment.filters['isodate']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'isodate' found.")
    pass
    yield '<meta property="og:type" content="article">\n<meta property="article:published_time" content="'
    yield escape(t_1(environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'date')))
    yield '">\n'
    if (environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'last_modified') != environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'date')):
        pass
        yield '<meta property="article:modified_time" content="'
        yield escape(t_1(environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'last_modified')))
        yield '">\n'
    for l_1_slug in environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'authors'):
        l_1_author_of = resolve('author_of')
        _loop_vars = {}
        pass
        yield '<meta name="author" content="'
        yield escape(environment.getattr(context.call((undefined(name='author_of') if l_1_author_of is missing else l_1_author_of), l_1_slug, _loop_vars=_loop_vars), 'name'))
        yield '">\n'
    l_1_slug = l_1_author_of = missing
    for l_1_slug in environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'tags'):
        l_1_tag_of = resolve('tag_of')
        _loop_vars = {}
        pass
        yield '<meta property="article:tag" content="'
        yield escape(environment.getattr(context.call((undefined(name='tag_of') if l_1_tag_of is missing else l_1_tag_of), l_1_slug, _loop_vars=_loop_vars), 'name'))
        yield '">\n'
    l_1_slug = l_1_tag_of = missing
    l_0_card = context.call((undefined(name='social_image') if l_0_social_image is missing else l_0_social_image), (undefined(name='post') if l_0_post is missing else l_0_post), _block_vars=_block_vars)
    _block_vars['card'] = l_0_card
    if (undefined(name='card') if l_0_card is missing else l_0_card):
        pass
        yield '<meta property="og:image" content="'
        yield escape(environment.getattr((undefined(name='card') if l_0_card is missing else l_0_card), 'url'))
        yield '">\n<meta property="og:image:type" content="'
        yield escape(environment.getattr((undefined(name='card') if l_0_card is missing else l_0_card), 'type'))
        yield '">\n<meta property="og:image:width" content="'
        yield escape(environment.getattr((undefined(name='card') if l_0_card is missing else l_0_card), 'width'))
        yield '">\n<meta property="og:image:height" content="'
        yield escape(environment.getattr((undefined(name='card') if l_0_card is missing else l_0_card), 'height'))
        yield '">\n<meta property="og:image:alt" content="'
        yield escape((environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'cover_alt') or environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'title')))
        yield '">\n<meta name="twitter:card" content="summary_large_image">\n'
    elif environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'cover'):
        pass
        yield '<meta property="og:image" content="'
        yield escape((environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'cover') if ('://' in environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'cover')) else context.call((undefined(name='abs_url') if l_0_abs_url is missing else l_0_abs_url), environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'cover'), _block_vars=_block_vars)))
        yield '">\n'
        if environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'cover_alt'):
            pass
            yield '<meta property="og:image:alt" content="'
            yield escape(environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'cover_alt'))
            yield '">'
        yield '<meta name="twitter:card" content="summary_large_image">\n'
    else:
        pass
        yield '<meta name="twitter:card" content="summary">\n'
    yield '<script type="application/ld+json">\n'
    yield escape((undefined(name='json_ld') if l_0_json_ld is missing else l_0_json_ld))
    yield '\n</script>\n'

def block_content(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_config = resolve('config')
    l_0_link = resolve('link')
    l_0_lang_url = resolve('lang_url')
    l_0__ = resolve('_')
    l_0_post = resolve('post')
    l_0_byline = resolve('byline')
    l_0_image = resolve('image')
    l_0_body = resolve('body')
    l_0_tag_list = resolve('tag_list')
    l_0_newer = resolve('newer')
    l_0_older = resolve('older')
    l_0_pf = missing
    try:
        t_2 = environment.filters['date']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'date' found.")
    try:
        t_1 = environment.filters['isodate']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'isodate' found.")
    try:
        t_3 = environment.filters['safe']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'safe' found.")
    pass
    l_0_pf = environment.getattr((undefined(name='config') if l_0_config is missing else l_0_config), 'search')
    _block_vars['pf'] = l_0_pf
    yield '<p class="back"><a href="'
    yield escape(context.call((undefined(name='link') if l_0_link is missing else l_0_link), context.call((undefined(name='lang_url') if l_0_lang_url is missing else l_0_lang_url), '/', _block_vars=_block_vars), _block_vars=_block_vars))
    yield '">'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), '← Back to Blog', _block_vars=_block_vars))
    yield '</a></p>\n<article class="post h-entry"'
    if (undefined(name='pf') if l_0_pf is missing else l_0_pf):
        pass
        yield ' data-pagefind-meta="date:'
        yield escape(t_2(environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'date')))
        yield '"'
    yield '>\n<header class="post-header"'
    if ((undefined(name='pf') if l_0_pf is missing else l_0_pf) and environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'authors')):
        pass
        yield ' data-pagefind-meta="author:'
        l_1_loop = missing
        for l_1_slug, l_1_loop in LoopContext(environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'authors'), undefined):
            l_1_author_of = resolve('author_of')
            _loop_vars = {}
            pass
            yield escape(environment.getattr(context.call((undefined(name='author_of') if l_1_author_of is missing else l_1_author_of), l_1_slug, _loop_vars=_loop_vars), 'name'))
            if (not environment.getattr(l_1_loop, 'last')):
                pass
                yield ', '
        l_1_loop = l_1_slug = l_1_author_of = missing
        yield '"'
    yield '>\n<h1 class="p-name"'
    if (undefined(name='pf') if l_0_pf is missing else l_0_pf):
        pass
        yield ' data-pagefind-meta="title"'
    yield '>'
    yield escape(environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'title'))
    yield '</h1>\n'
    yield escape(context.call((undefined(name='byline') if l_0_byline is missing else l_0_byline), (undefined(name='post') if l_0_post is missing else l_0_post), _block_vars=_block_vars))
    yield '\n</header>\n'
    if environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'cover'):
        pass
        yield '<figure class="cover">\n'
        yield escape(context.call((undefined(name='image') if l_0_image is missing else l_0_image), environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'cover'), environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'cover_alt'), eager=True, attrs=({'data-pagefind-meta': markup_join(('image_alt[alt], image:', (environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'cover') if ('://' in environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'cover')) else markup_join(('..', environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'cover'), ))), ))} if (undefined(name='pf') if l_0_pf is missing else l_0_pf) else {}), _block_vars=_block_vars))
        yield '\n</figure>\n'
    if environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'toc'):
        pass
        yield '<nav class="toc" aria-labelledby="toc-title">\n<h2 id="toc-title">'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Contents', _block_vars=_block_vars))
        yield '</h2>\n<ol>\n'
        for l_1_h in environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'toc'):
            _loop_vars = {}
            pass
            yield '<li class="toc-level-'
            yield escape(environment.getattr(l_1_h, 'level'))
            yield '"><a href="#'
            yield escape(environment.getattr(l_1_h, 'id'))
            yield '">'
            yield escape(environment.getattr(l_1_h, 'text'))
            yield '</a></li>\n'
        l_1_h = missing
        yield '</ol>\n</nav>\n'
    yield '<div class="post-body e-content"'
    if (undefined(name='pf') if l_0_pf is missing else l_0_pf):
        pass
        yield ' data-pagefind-body'
        if (not environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'cover')):
            pass
            yield ' data-pagefind-meta="image:"'
    yield '>\n'
    yield escape((undefined(name='body') if l_0_body is missing else l_0_body))
    yield '\n</div>\n'
    if environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'updates'):
        pass
        yield '<section class="updates" aria-labelledby="updates-title">\n<h2 id="updates-title">'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Updates', _block_vars=_block_vars))
        yield '</h2>\n<ul>\n'
        for l_1_u in environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'updates'):
            _loop_vars = {}
            pass
            yield '<li><time datetime="'
            yield escape(t_1(environment.getattr(l_1_u, 'date')))
            yield '">'
            yield escape(t_2(environment.getattr(l_1_u, 'date')))
            yield '</time>: '
            yield escape(environment.getattr(l_1_u, 'text'))
            yield '</li>\n'
        l_1_u = missing
        yield '</ul>\n</section>\n'
    if environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'sources'):
        pass
        yield '<section class="sources" aria-labelledby="sources-title">\n<h2 id="sources-title">'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Sources', _block_vars=_block_vars))
        yield '</h2>\n<ol>\n'
        l_1_loop = missing
        for l_1_s, l_1_loop in LoopContext(environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'sources'), undefined):
            _loop_vars = {}
            pass
            yield '<li id="src-'
            yield escape(environment.getattr(l_1_loop, 'index'))
            yield '">'
            if environment.getattr(l_1_s, 'url'):
                pass
                yield '<a href="'
                yield escape(environment.getattr(l_1_s, 'url'))
                yield '">'
                yield escape(environment.getattr(l_1_s, 'title'))
                yield '</a>'
            else:
                pass
                yield escape(environment.getattr(l_1_s, 'title'))
            if environment.getattr(l_1_s, 'publisher'):
                pass
                yield ', '
                yield escape(environment.getattr(l_1_s, 'publisher'))
            if environment.getattr(l_1_s, 'date'):
                pass
                yield ' ('
                yield escape(environment.getattr(l_1_s, 'date'))
                yield ')'
            yield '</li>\n'
        l_1_loop = l_1_s = missing
        yield '</ol>\n</section>\n'
    yield '<footer class="post-footer">\n'
    yield escape(context.call((undefined(name='tag_list') if l_0_tag_list is missing else l_0_tag_list), (undefined(name='post') if l_0_post is missing else l_0_post), filter=(undefined(name='pf') if l_0_pf is missing else l_0_pf), own=True, _block_vars=_block_vars))
    yield '\n'
    for l_1_slug in environment.getattr((undefined(name='post') if l_0_post is missing else l_0_post), 'authors'):
        l_1_author_of = resolve('author_of')
        l_1_avatar = resolve('avatar')
        l_1_author_links = resolve('author_links')
        l_1_a = missing
        _loop_vars = {}
        pass
        l_1_a = context.call((undefined(name='author_of') if l_1_author_of is missing else l_1_author_of), l_1_slug, _loop_vars=_loop_vars)
        _loop_vars['a'] = l_1_a
        yield '<aside class="author-box" aria-label="'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'About the author', _loop_vars=_loop_vars))
        yield '">\n'
        yield escape(context.call((undefined(name='avatar') if l_1_avatar is missing else l_1_avatar), (undefined(name='a') if l_1_a is missing else l_1_a), _loop_vars=_loop_vars))
        yield '\n<div>\n<h2 class="author-box-title">'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'About the author:', _loop_vars=_loop_vars))
        yield ' <a href="'
        yield escape(context.call((undefined(name='link') if l_0_link is missing else l_0_link), environment.getattr((undefined(name='a') if l_1_a is missing else l_1_a), 'url'), _loop_vars=_loop_vars))
        yield '"'
        if (undefined(name='pf') if l_0_pf is missing else l_0_pf):
            pass
            yield ' data-pagefind-filter="author"'
        yield '>'
        yield escape(environment.getattr((undefined(name='a') if l_1_a is missing else l_1_a), 'name'))
        yield '</a></h2>\n'
        if environment.getattr((undefined(name='a') if l_1_a is missing else l_1_a), 'tagline'):
            pass
            yield '<p class="tagline">'
            yield escape(environment.getattr((undefined(name='a') if l_1_a is missing else l_1_a), 'tagline'))
            yield '</p>'
        if environment.getattr((undefined(name='a') if l_1_a is missing else l_1_a), 'bio_html'):
            pass
            yield '<div class="bio">'
            yield escape(t_3(environment.getattr((undefined(name='a') if l_1_a is missing else l_1_a), 'bio_html')))
            yield '</div>'
        yield escape(context.call((undefined(name='author_links') if l_1_author_links is missing else l_1_author_links), (undefined(name='a') if l_1_a is missing else l_1_a), _loop_vars=_loop_vars))
        yield '\n</div>\n</aside>\n'
    l_1_slug = l_1_author_of = l_1_a = l_1_avatar = l_1_author_links = missing
    yield '</footer>\n</article>\n'
    if ((undefined(name='newer') if l_0_newer is missing else l_0_newer) or (undefined(name='older') if l_0_older is missing else l_0_older)):
        pass
        yield '<nav class="post-nav" aria-label="'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'More posts', _block_vars=_block_vars))
        yield '">\n'
        if (undefined(name='older') if l_0_older is missing else l_0_older):
            pass
            yield '<a class="prev" href="'
            yield escape(context.call((undefined(name='link') if l_0_link is missing else l_0_link), environment.getattr((undefined(name='older') if l_0_older is missing else l_0_older), 'url'), _block_vars=_block_vars))
            yield '" rel="prev"><span>'
            yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), '← Previous post', _block_vars=_block_vars))
            yield '</span> '
            yield escape(environment.getattr((undefined(name='older') if l_0_older is missing else l_0_older), 'title'))
            yield '</a>'
        if (undefined(name='newer') if l_0_newer is missing else l_0_newer):
            pass
            yield '<a class="next" href="'
            yield escape(context.call((undefined(name='link') if l_0_link is missing else l_0_link), environment.getattr((undefined(name='newer') if l_0_newer is missing else l_0_newer), 'url'), _block_vars=_block_vars))
            yield '" rel="next"><span>'
            yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Next post →', _block_vars=_block_vars))
            yield '</span> '
            yield escape(environment.getattr((undefined(name='newer') if l_0_newer is missing else l_0_newer), 'title'))
            yield '</a>'
        yield '</nav>\n'
    yield from context.blocks['comments'][0](context)

def block_comments(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_comments = resolve('comments')
    l_0__ = resolve('_')
    pass
    if (undefined(name='comments') if l_0_comments is missing else l_0_comments):
        pass
        yield '<section class="comments" aria-labelledby="comments-title">\n<h2 id="comments-title">'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Comments', _block_vars=_block_vars))
        yield '</h2>\n'
        yield escape((undefined(name='comments') if l_0_comments is missing else l_0_comments))
        yield '\n</section>\n'

blocks = {'meta': block_meta, 'content': block_content, 'comments': block_comments}
debug_info = '1=13&2=16&3=33&5=53&6=55&7=60&9=68&11=76&12=78&13=81&14=83&15=85&16=87&17=89&19=91&20=94&21=96&27=106&30=109&32=147&33=150&34=154&35=160&36=175&37=181&39=183&41=186&44=188&46=191&48=193&53=206&54=213&56=215&58=218&60=220&65=232&67=235&69=238&75=267&76=269&77=279&78=281&80=283&81=293&82=298&83=303&89=307&90=310&91=312&92=321&95=331&96=343&98=346&99=348'

# Generated by scripts/precompile_theme.py from themes/default/templates/post.html: do not edit.
