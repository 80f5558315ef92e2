// Chinese names of the measures (docs/measures.md) for the texts the scoring
// engine writes into reasons and traces ("links.broken = 3，…"): users read
// "失效链接数 = 3", never the raw measure name. Pure functions (Vitest).

const STATIC = {
  'site.available': '首页可访问',
  'site.pages': '网站页面数',
  'links.broken': '失效链接数',
  'links.broken_homepage': '首页失效链接数',
  'links.required_missing': '缺少的必备链接',
  'columns.empty': '空白栏目数',
  'columns.stale': '应更新未更新栏目数',
  'columns.duplicated': '重复栏目数',
  'footer.site_code': '网站标识码',
  'footer.icp': 'ICP备案号',
  'footer.police_record': '公安机关备案号',
  'footer.sponsor': '主办单位',
  'footer.error_report_link': '“我为政府网站找错”入口',
  'footer.party_gov_label': '党政机关网站标识',
  'footer.contact': '联系方式',
  'privacy.leaks': '个人信息泄露数',
  'privacy.policy': '隐私政策',
  'meta.labels_ok': '网页元数据标签',
  'search.title_found': '站内搜索可查到标题',
  'accessibility.toolbar': '无障碍/适老化工具',
  'inspection.passed': '季度检查合格',
  'inspection.score': '季度检查得分',
  'satisfaction.score': '满意度调查得分',
  'consult.reply_workdays': '咨询答复用时（工作日）',
  'consult.answered': '咨询已答复数',
  'consult.asked': '咨询提问数',
  'consult.replied': '咨询已回复数',
  'annual_report.published': '年度报表已发布',
  'annual_report.on_time': '年度报表按时发布',
  'site_report.on_time': '网站年度报表按时发布',
  'interpretation.count': '政策解读数',
  'interpretation.linked_share': '政策与解读关联比例',
  'interpretation.bidirectional_share': '政策与解读双向关联比例',
  'interpretation.forms': '解读形式',
  'interpretation.copied': '照搬原文的解读数',
  'news.source_share': '新闻注明来源比例',
  'news.reprint_unmarked': '转载未注明来源数',
  'content.suspect_terms': '疑似错误表述数',
  'sitemap.exists': '网站地图',
  'sitemap.missing': '网站地图缺少的栏目数',
  'sitemap.dead': '网站地图失效链接数',
  'disclosure.columns_missing': '政府信息公开缺少的栏目',
  'disclosure.guide': '政府信息公开指南',
  'disclosure.request_channel': '依申请公开渠道',
  'ipv6.homepage': '首页支持 IPv6',
  'ipv6.link_share': '支持 IPv6 的链接比例',
  'function.search': '站内搜索功能',
  'function.smart_qa': '智能问答功能',
  'function.single_login': '统一登录功能',
  'function.user_space': '用户空间功能',
  'function.consult_form': '在线咨询表单',
  'function.survey': '在线调查功能',
  'interaction.reply_workdays': '留言答复用时（工作日）',
  'interaction.overdue': '超期未答复留言数',
  'data_release.newest': '数据发布最新日期',
  'data_release.datasets': '开放数据集数',
  'topics.count': '专题专栏数',
  'topics.stale': '未更新的专题专栏数',
  'convenience.missing': '缺少的便民查询事项',
  'guide.elements_missing': '办事指南缺少的要素',
  'guide.vague': '办事指南模糊表述数',
}

// column.<栏目>.<field> and category.<类别>.<field>
const COLUMN_FIELDS = {
  exists: '已开设',
  items: '信息条数',
  newest: '最新信息日期',
  empty: '为空白栏目',
  stale: '未按时更新',
  days_since_update: '距上次更新天数',
  per_day: '日均更新条数',
  per_workday: '每工作日更新条数',
  items_since: '期间发布条数',
  dates: '信息发布日期',
}

// channel.<渠道>.<field>
const CHANNEL_FIELDS = {
  posts_per_day: '日均发布条数',
  original_percent: '原创比例（%）',
  longest_gap_days: '最长未更新天数',
}

// The Chinese name of one measure; the name itself when unknown.
export function measureLabel(name) {
  if (!name) return ''
  if (STATIC[name]) return STATIC[name]
  const parts = name.split('.')
  if (parts.length >= 3 && (parts[0] === 'column' || parts[0] === 'category')) {
    const field = parts[parts.length - 1]
    const what = parts.slice(1, -1).join('.')
    if (COLUMN_FIELDS[field]) return `${parts[0] === 'column' ? '栏目' : '栏目类别'}“${what}”${COLUMN_FIELDS[field]}`
  }
  if (parts.length >= 3 && parts[0] === 'channel') {
    const field = parts[parts.length - 1]
    if (CHANNEL_FIELDS[field]) return `${parts.slice(1, -1).join('.')}${CHANNEL_FIELDS[field]}`
  }
  return name
}

const PREFIXES = [
  'site', 'links', 'columns', 'column', 'category', 'footer', 'privacy', 'meta', 'search',
  'accessibility', 'inspection', 'satisfaction', 'consult', 'channel', 'annual_report',
  'interpretation', 'news', 'content', 'sitemap', 'disclosure', 'site_report', 'ipv6', 'function',
  'interaction', 'data_release', 'topics', 'convenience', 'guide',
]
// A measure name inside a sentence: prefix, then dot-separated segments of
// letters, digits, _ or Chinese (column names), {channel} templates included.
const MEASURE_IN_TEXT = new RegExp(
  `(?<![\\w.])(?:${PREFIXES.join('|')})(?:\\.[A-Za-z0-9_{}\\u4e00-\\u9fff\\u3000-\\u303f（）-]+)+`, 'g')

// `text` with every measure name it mentions replaced by its Chinese name.
export function humanizeMeasures(text) {
  if (!text || typeof text !== 'string') return text
  return text.replace(MEASURE_IN_TEXT, (m) => {
    const label = measureLabel(m)
    return label === m ? m : label
  })
}
